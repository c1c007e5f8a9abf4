//! The PowerShell the seeds write (SPEC §10): statements `[$var =] pipeline`, cmdlets with named
//! parameters (any unambiguous prefix, any case), values that are strings, variables, `( … )`
//! sub-expressions and comma lists, `@( … )` arrays, `@{ … }` hashtables, `[N]` indexes, `.Property`
//! access (member enumeration over lists), and
//! `| Where-Object { $_ -match "…" -or … }`, `| Select-Object -First|-ExpandProperty|-Property`,
//! `| Out-Null`, `| Format-List|Format-Table [properties]`. Variables live for the principal's
//! console across steps. Values print as PowerShell's default formatter prints them (`format`).

use std::fmt::Write as _;
use std::rc::Rc;

use super::words::{powershell_tokens, Token};
use super::LineError;

/// A PowerShell value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PsValue {
    /// `$null`.
    Null,
    /// A string.
    Str(String),
    /// An array.
    List(Vec<PsValue>),
    /// An object: its .NET type's short name and its properties in order.
    Object(Rc<PsObject>),
    /// A `System.Security.SecureString` holding a token (Az 14's `Get-AzAccessToken`): it reads
    /// as its type's name wherever a string is wanted, as .NET's `ToString()` gives it.
    Secure(Rc<str>),
}

/// What a SecureString reads as where a string is wanted.
pub(crate) const SECURE_STRING: &str = "System.Security.SecureString";

/// An object's properties.
#[derive(Debug, PartialEq, Eq)]
pub struct PsObject {
    /// The type name PowerShell shows for a nested object (`ResourceGuardOperation`).
    pub type_name: String,
    /// `(name, value)` in order.
    pub props: Vec<(String, PsValue)>,
}

/// Types whose module gives them a list view whatever their property count (Az.Resources'
/// `PSResourceProvider`).
const LIST_VIEWS: &[&str] = &["PSResourceProvider"];

/// Types whose module gives them a table view, with its columns: Az.DataProtection's resource
/// guard (its docs' `Get-AzDataProtectionResourceGuard` output, azure-powershell
/// `src/DataProtection/DataProtection.Autorest/docs/Get-AzDataProtectionResourceGuard.md`).
const TABLE_VIEWS: &[(&str, &[&str])] = &[(
    "ResourceGuardResource",
    &["ETag", "Id", "IdentityPrincipalId", "IdentityTenantId", "IdentityType", "Location", "Name", "Type"],
)];

impl PsObject {
    /// Whether the default formatter shows it as a table.
    fn as_table(&self) -> bool {
        self.view().is_some() || (self.props.len() <= 4 && !LIST_VIEWS.contains(&self.type_name.as_str()))
    }

    /// Its type's table view's columns, where it has one.
    fn view(&self) -> Option<&'static [&'static str]> {
        TABLE_VIEWS.iter().find(|(t, _)| *t == self.type_name).map(|(_, columns)| *columns)
    }

    /// Format-List's block: `Name : value`, names padded to the longest.
    fn as_list(&self) -> String {
        let width = self.props.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        let mut out = String::new();
        for (name, value) in &self.props {
            let _ = writeln!(out, "{name:<width$} : {}", value.inline());
        }
        out.trim_end().to_owned()
    }
}

/// Format-Table's layout of objects of one type (PowerShell 7): the first object's property names as
/// headers, each underlined by as many dashes, columns as wide as their widest cell, one space
/// apart, lines without trailing spaces.
/// With `view`, the first object's type's table view (its columns) where it has one.
fn table(rows: &[Rc<PsObject>], view: bool) -> String {
    let Some(first) = rows.first() else { return String::new() };
    let headers: Vec<&str> = match first.view().filter(|_| view) {
        Some(columns) => columns.to_vec(),
        None => first.props.iter().map(|(n, _)| n.as_str()).collect(),
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|o| headers.iter().map(|h| PsValue::Object(Rc::clone(o)).member(h).inline()).collect())
        .collect();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| cells.iter().map(|r| r[c].chars().count()).chain([h.len()]).max().unwrap_or(0))
        .collect();
    let line = |texts: &mut dyn Iterator<Item = String>| -> String {
        let padded: Vec<String> = texts.zip(&widths).map(|(t, w)| format!("{t:<w$}")).collect();
        padded.join(" ").trim_end().to_owned()
    };
    let mut out = vec![
        line(&mut headers.iter().map(|h| (*h).to_owned())),
        line(&mut headers.iter().map(|h| "-".repeat(h.len()))),
    ];
    out.extend(cells.into_iter().map(|r| line(&mut r.into_iter())));
    out.join("\n")
}

impl PsValue {
    /// A property (any case); on a list, the property of each element (member enumeration).
    pub fn member(&self, name: &str) -> PsValue {
        match self {
            PsValue::Object(o) => {
                o.props.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map_or(PsValue::Null, |(_, v)| v.clone())
            }
            PsValue::List(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item.member(name) {
                        PsValue::Null => {}
                        PsValue::List(inner) => out.extend(inner),
                        v => out.push(v),
                    }
                }
                PsValue::List(out)
            }
            PsValue::Str(_) | PsValue::Null | PsValue::Secure(_) => PsValue::Null,
        }
    }

    /// An element by index (negative from the end); `$null` out of range; a single value is its own
    /// element 0.
    pub fn index(&self, i: i64) -> PsValue {
        let items = match self {
            PsValue::List(items) => items.as_slice(),
            one => std::slice::from_ref(one),
        };
        let at = if i < 0 { items.len().checked_sub(i.unsigned_abs() as usize) } else { Some(i as usize) };
        at.and_then(|at| items.get(at)).cloned().unwrap_or(PsValue::Null)
    }

    /// The value as a string (a one-element list reads as its element).
    pub fn as_text(&self) -> Option<&str> {
        match self {
            PsValue::Str(s) => Some(s),
            PsValue::Secure(_) => Some(SECURE_STRING),
            PsValue::List(items) if items.len() == 1 => items[0].as_text(),
            _ => None,
        }
    }

    /// The strings of a value: a string, or a list's strings.
    pub fn texts(&self) -> Vec<String> {
        match self {
            PsValue::Str(s) => vec![s.clone()],
            PsValue::Secure(_) => vec![SECURE_STRING.to_owned()],
            PsValue::List(items) => items.iter().flat_map(PsValue::texts).collect(),
            PsValue::Null | PsValue::Object(_) => Vec::new(),
        }
    }

    /// The value as PowerShell's default formatter prints it: an object with at most four
    /// properties as a table, with more as a list (PowerShell's `PropertyCountForTable`, 4), unless
    /// its type has a list view; a list of objects of one type as one table, or as list blocks
    /// separated by a blank line; strings one per line.
    pub fn format(&self) -> String {
        match self {
            PsValue::Null => String::new(),
            PsValue::Str(s) => s.clone(),
            PsValue::Secure(_) => SECURE_STRING.to_owned(),
            PsValue::Object(o) if o.as_table() => table(std::slice::from_ref(o), true),
            PsValue::Object(o) => o.as_list(),
            PsValue::List(items) => {
                let mut blocks: Vec<String> = Vec::new();
                let mut i = 0;
                while i < items.len() {
                    match &items[i] {
                        PsValue::Object(first) if first.as_table() => {
                            // The run of objects of the first one's type, under its headers.
                            let mut run = vec![Rc::clone(first)];
                            while let Some(PsValue::Object(o)) = items.get(i + run.len()) {
                                if o.type_name != first.type_name {
                                    break;
                                }
                                run.push(Rc::clone(o));
                            }
                            i += run.len();
                            blocks.push(table(&run, true));
                        }
                        other => {
                            blocks.push(other.format());
                            i += 1;
                        }
                    }
                }
                let separator = if items.iter().any(|v| matches!(v, PsValue::Object(_))) { "\n\n" } else { "\n" };
                blocks.join(separator)
            }
        }
    }

    /// A property's value on one line: `{a, b}` for a list, the type name for an object.
    fn inline(&self) -> String {
        match self {
            PsValue::Null => String::new(),
            PsValue::Str(s) => s.clone(),
            PsValue::Secure(_) => SECURE_STRING.to_owned(),
            PsValue::List(items) => format!("{{{}}}", items.iter().map(PsValue::inline).collect::<Vec<_>>().join(", ")),
            PsValue::Object(o) => o.type_name.clone(),
        }
    }
}

/// A PowerShell console's own state: its variables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PwshState {
    vars: Vec<(String, PsValue)>,
}

impl PwshState {
    /// A variable's value (any case); `$null` when unset, as PowerShell reads it.
    pub fn get(&self, name: &str) -> PsValue {
        self.vars.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map_or(PsValue::Null, |(_, v)| v.clone())
    }

    fn set(&mut self, name: &str, value: PsValue) {
        match self.vars.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some((_, v)) => *v = value,
            None => self.vars.push((name.to_owned(), value)),
        }
    }
}

/// A cmdlet call: its name as typed and its arguments by parameter name as typed.
pub(crate) struct Call {
    pub(crate) name: String,
    pub(crate) args: Vec<(String, PsValue)>,
}

/// Runs cmdlets: the console's side that knows the Az cmdlets and asks the core.
pub(crate) trait Cmdlets {
    fn invoke(&mut self, call: Call) -> Result<PsValue, LineError>;
}

/// The statements of a text, split at new lines and `;`.
pub(crate) fn statements(text: &str) -> Result<Vec<Vec<Token>>, LineError> {
    let tokens = powershell_tokens(text).map_err(|e| LineError::Usage(format!("ParserError: {e}")))?;
    // Statements end at a `;` or a new line outside brackets (a hashtable's entries, a script
    // block's lines and a sub-expression's statements stay in theirs).
    let mut statements = vec![Vec::new()];
    let mut depth = 0usize;
    for token in tokens {
        match token {
            Token::Open | Token::ArrayOpen | Token::HashOpen | Token::BlockOpen => depth += 1,
            Token::Close | Token::BlockClose => depth = depth.saturating_sub(1),
            Token::End if depth == 0 => {
                statements.push(Vec::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = statements.last_mut() {
            last.push(token);
        }
    }
    Ok(statements.into_iter().filter(|s| !s.is_empty()).collect())
}

/// Runs one statement; what it prints (an assignment prints nothing).
pub(crate) fn run_statement(
    state: &mut PwshState,
    cmdlets: &mut dyn Cmdlets,
    tokens: &[Token],
) -> Result<String, LineError> {
    let (target, rest) = match tokens {
        [Token::Variable(name), Token::Assign, rest @ ..] => (Some(name.clone()), rest),
        _ => (None, tokens),
    };
    let mut eval = Eval { state, cmdlets, tokens: rest, at: 0, depth: 0 };
    let value = eval.pipeline()?;
    if eval.at < rest.len() {
        return Err(unexpected(&rest[eval.at]));
    }
    match target {
        Some(name) => {
            state.set(&name, value);
            Ok(String::new())
        }
        None => Ok(value.format()),
    }
}

fn unexpected(token: &Token) -> LineError {
    LineError::Usage(format!("ParserError: Unexpected token '{}' in expression or statement.", show(token)))
}

fn show(token: &Token) -> String {
    match token {
        Token::Word(w) => w.clone(),
        Token::Str(s, _) => format!("\"{s}\""),
        Token::Variable(v) => format!("${v}"),
        Token::Parameter(p) => format!("-{p}"),
        Token::Member(m) => format!(".{m}"),
        Token::Open => "(".into(),
        Token::ArrayOpen => "@(".into(),
        Token::HashOpen => "@{".into(),
        Token::Index(i) => format!("[{i}]"),
        Token::Close => ")".into(),
        Token::BlockOpen => "{".into(),
        Token::BlockClose => "}".into(),
        Token::Pipe => "|".into(),
        Token::Assign => "=".into(),
        Token::Comma => ",".into(),
        Token::End => ";".into(),
    }
}

/// How deep `( … )` may nest: far more than any line of the seeds (two), and shallow enough that
/// reading it never exhausts the stack (a wasm page has 1 MB; fuzzing found a line of 10,000 `(`).
const MAX_NESTING: usize = 32;

struct Eval<'a> {
    state: &'a mut PwshState,
    cmdlets: &'a mut dyn Cmdlets,
    tokens: &'a [Token],
    at: usize,
    /// How many `(` the reader is inside.
    depth: usize,
}

impl Eval<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn pipeline(&mut self) -> Result<PsValue, LineError> {
        let mut value = self.element(None)?;
        while self.peek() == Some(&Token::Pipe) {
            self.at += 1;
            value = self.element(Some(value))?;
        }
        Ok(value)
    }

    /// A command (with the pipeline's input, if any) or an expression.
    fn element(&mut self, input: Option<PsValue>) -> Result<PsValue, LineError> {
        match self.peek().cloned() {
            Some(Token::Word(name)) if name.eq_ignore_ascii_case("Where-Object") || name == "?" || name == "where" => {
                self.at += 1;
                self.where_object(input.unwrap_or(PsValue::Null))
            }
            // `| Out-Null`: the input is discarded.
            Some(Token::Word(name)) if name.eq_ignore_ascii_case("Out-Null") && input.is_some() => {
                self.at += 1;
                Ok(PsValue::Null)
            }
            // `| Format-List` / `| Format-Table` (`fl`, `ft`), all properties or the ones named.
            Some(Token::Word(name))
                if ["Format-List", "fl", "Format-Table", "ft"].iter().any(|f| f.eq_ignore_ascii_case(&name)) =>
            {
                self.at += 1;
                let table = name.eq_ignore_ascii_case("Format-Table") || name.eq_ignore_ascii_case("ft");
                self.format_view(input.unwrap_or(PsValue::Null), table)
            }
            Some(Token::Word(name))
                if name.eq_ignore_ascii_case("Select-Object") || name.eq_ignore_ascii_case("select") =>
            {
                self.at += 1;
                self.select_object(input.unwrap_or(PsValue::Null))
            }
            Some(Token::Word(name)) => {
                self.at += 1;
                let mut args: Vec<(String, PsValue)> = Vec::new();
                while let Some(token) = self.peek().cloned() {
                    match token {
                        Token::Parameter(p) => {
                            self.at += 1;
                            let value = match self.peek() {
                                None | Some(Token::Parameter(_) | Token::Pipe | Token::Close) => {
                                    PsValue::Str("True".into())
                                }
                                Some(_) => self.list()?,
                            };
                            args.push((p, value));
                        }
                        Token::Pipe | Token::Close => break,
                        _ => {
                            let value = self.list()?;
                            args.push((String::new(), value));
                        }
                    }
                }
                if input.is_some() {
                    return Err(LineError::Usage(format!(
                        "{name}: The input object cannot be bound to any parameters for the command."
                    )));
                }
                self.cmdlets.invoke(Call { name, args })
            }
            Some(_) if input.is_some() => Err(LineError::Usage(
                "ParserError: Expressions are only allowed as the first element of a pipeline.".to_owned(),
            )),
            Some(_) => self.list(),
            None => Err(LineError::Usage("ParserError: An empty pipe element is not allowed.".to_owned())),
        }
    }

    /// A value, or several separated by commas (an array).
    fn list(&mut self) -> Result<PsValue, LineError> {
        let first = self.value()?;
        if self.peek() != Some(&Token::Comma) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.peek() == Some(&Token::Comma) {
            self.at += 1;
            items.push(self.value()?);
        }
        Ok(PsValue::List(items))
    }

    /// A primary value and its `.Member`s.
    fn value(&mut self) -> Result<PsValue, LineError> {
        let token = self.peek().cloned().ok_or_else(|| {
            LineError::Usage("ParserError: You must provide a value expression following the operator.".to_owned())
        })?;
        self.at += 1;
        let mut value = match token {
            Token::Str(s, _) | Token::Word(s) => PsValue::Str(s),
            Token::Variable(name) if name.eq_ignore_ascii_case("null") => PsValue::Null,
            Token::Variable(name) => self.state.get(&name),
            Token::Open => {
                if self.depth >= MAX_NESTING {
                    return Err(LineError::Usage(format!(
                        "ParserError: The expression nests more than {MAX_NESTING} parentheses; this console reads at most {MAX_NESTING}."
                    )));
                }
                self.depth += 1;
                let inner = self.pipeline();
                self.depth -= 1;
                let inner = inner?;
                if self.peek() != Some(&Token::Close) {
                    return Err(LineError::Usage("ParserError: Missing closing ')' in expression.".to_owned()));
                }
                self.at += 1;
                inner
            }
            Token::ArrayOpen => {
                // `@( … )`: the statement's result as an array, whatever it is.
                let inner = if self.peek() == Some(&Token::Close) { PsValue::Null } else { self.pipeline()? };
                if self.peek() != Some(&Token::Close) {
                    return Err(LineError::Usage("ParserError: Missing closing ')' in subexpression.".to_owned()));
                }
                self.at += 1;
                match inner {
                    PsValue::List(items) => PsValue::List(items),
                    PsValue::Null => PsValue::List(Vec::new()),
                    one => PsValue::List(vec![one]),
                }
            }
            Token::HashOpen => self.hashtable()?,
            other => return Err(unexpected(&other)),
        };
        loop {
            match self.peek().cloned() {
                Some(Token::Member(name)) => value = value.member(&name),
                Some(Token::Index(i)) => value = value.index(i),
                _ => break,
            }
            self.at += 1;
        }
        Ok(value)
    }

    /// `@{ key = value; … }` (entries on one line with `;`, or one per line): an object whose
    /// properties are its keys, in order.
    fn hashtable(&mut self) -> Result<PsValue, LineError> {
        let mut props = Vec::new();
        loop {
            match self.peek().cloned() {
                Some(Token::BlockClose) => {
                    self.at += 1;
                    break;
                }
                Some(Token::End) => self.at += 1,
                Some(Token::Word(key) | Token::Str(key, _)) => {
                    self.at += 1;
                    if self.peek() != Some(&Token::Assign) {
                        return Err(LineError::Usage(format!(
                            "ParserError: Missing '=' operator after key '{key}' in hash literal."
                        )));
                    }
                    self.at += 1;
                    let value = self.list()?;
                    props.push((key, value));
                }
                _ => {
                    return Err(LineError::Usage(
                        "ParserError: Missing closing '}' in statement block or type definition.".to_owned(),
                    ))
                }
            }
        }
        Ok(PsValue::Object(Rc::new(PsObject { type_name: "Hashtable".to_owned(), props })))
    }

    /// `Select-Object` over the input: `-First N` (the first N elements), `-ExpandProperty Name`
    /// (each element's property's value), `-Property A,B` (objects with those properties alone).
    fn select_object(&mut self, input: PsValue) -> Result<PsValue, LineError> {
        let mut items = match input {
            PsValue::List(items) => items,
            PsValue::Null => Vec::new(),
            one => vec![one],
        };
        let mut expand = None;
        let mut properties = None;
        // `Select-Object Name, Location`: the properties by position.
        if !matches!(self.peek(), None | Some(Token::Parameter(_) | Token::Pipe | Token::Close)) {
            properties = Some(self.list()?.texts());
        }
        while let Some(Token::Parameter(p)) = self.peek().cloned() {
            self.at += 1;
            let value = self.list()?;
            let lower = p.to_ascii_lowercase();
            match lower.as_str() {
                "first" => {
                    let n: usize = value.as_text().and_then(|t| t.parse().ok()).ok_or_else(|| {
                        LineError::Usage(
                            "Select-Object: Cannot validate argument on parameter 'First'. Give a number.".to_owned(),
                        )
                    })?;
                    items.truncate(n);
                }
                "expandproperty" => expand = value.as_text().map(str::to_owned),
                "property" => properties = Some(value.texts()),
                _ => {
                    return Err(LineError::Usage(format!(
                        "Select-Object: A parameter cannot be found that matches parameter name '{p}'. This console reads -First, -ExpandProperty and -Property."
                    )))
                }
            }
        }
        let picked: Vec<PsValue> = items
            .into_iter()
            .map(|item| match (&expand, &properties) {
                (Some(name), _) => item.member(name),
                (None, Some(names)) => PsValue::Object(Rc::new(PsObject {
                    type_name: "PSCustomObject".to_owned(),
                    props: names.iter().map(|n| (n.clone(), item.member(n))).collect(),
                })),
                (None, None) => item,
            })
            .collect();
        Ok(match picked.len() {
            1 => picked.into_iter().next().unwrap_or(PsValue::Null),
            _ => PsValue::List(picked),
        })
    }

    /// `Format-List` / `Format-Table [-Property] a, b | *`: the input's objects with the properties
    /// named (all with `*` or none), as that view prints them.
    fn format_view(&mut self, input: PsValue, as_table: bool) -> Result<PsValue, LineError> {
        let cmdlet = if as_table { "Format-Table" } else { "Format-List" };
        let mut names: Option<Vec<String>> = None;
        while let Some(token) = self.peek().cloned() {
            match token {
                Token::Pipe | Token::Close => break,
                Token::Parameter(p) if p.eq_ignore_ascii_case("Property") => {
                    self.at += 1;
                    names = Some(self.list()?.texts());
                }
                Token::Parameter(p) => {
                    return Err(LineError::Usage(format!(
                        "{cmdlet}: A parameter cannot be found that matches parameter name '{p}'. This console reads -Property."
                    )))
                }
                _ => names = Some(self.list()?.texts()),
            }
        }
        let items = match input {
            PsValue::List(items) => items,
            PsValue::Null => Vec::new(),
            one => vec![one],
        };
        let objects: Vec<Rc<PsObject>> = items
            .into_iter()
            .filter_map(|item| match (&item, &names) {
                (PsValue::Object(o), Some(names)) if !names.iter().any(|n| n == "*") => Some(Rc::new(PsObject {
                    type_name: o.type_name.clone(),
                    props: names.iter().map(|n| (n.clone(), item.member(n))).collect(),
                })),
                (PsValue::Object(o), _) => Some(Rc::clone(o)),
                _ => None,
            })
            .collect();
        Ok(PsValue::Str(if as_table {
            table(&objects, false)
        } else {
            objects.iter().map(|o| o.as_list()).collect::<Vec<_>>().join("\n\n")
        }))
    }

    /// `Where-Object { condition }` over the input's elements.
    fn where_object(&mut self, input: PsValue) -> Result<PsValue, LineError> {
        if self.peek() != Some(&Token::BlockOpen) {
            return Err(LineError::Usage(
                "Where-Object: this console reads Where-Object with a script block: Where-Object { $_ -match \"…\" }"
                    .to_owned(),
            ));
        }
        self.at += 1;
        let end = self.tokens[self.at..]
            .iter()
            .position(|t| *t == Token::BlockClose)
            .map(|p| self.at + p)
            .ok_or_else(|| LineError::Usage("ParserError: Missing closing '}' in statement block.".to_owned()))?;
        let block = &self.tokens[self.at..end];
        self.at = end + 1;
        let items = match input {
            PsValue::List(items) => items,
            PsValue::Null => Vec::new(),
            one => vec![one],
        };
        let mut kept = Vec::new();
        for item in items {
            if condition(block, &item)? {
                kept.push(item);
            }
        }
        Ok(PsValue::List(kept))
    }
}

/// A script block's condition for `$_`: comparisons joined by `-or` / `-and` (left to right,
/// `-and` binding tighter, as in PowerShell).
fn condition(block: &[Token], item: &PsValue) -> Result<bool, LineError> {
    let mut any = false;
    for alternative in block.split(|t| matches!(t, Token::Parameter(p) if p.eq_ignore_ascii_case("or"))) {
        let mut all = true;
        for comparison in alternative.split(|t| matches!(t, Token::Parameter(p) if p.eq_ignore_ascii_case("and"))) {
            all &= compare(comparison, item)?;
        }
        any |= all;
    }
    Ok(any)
}

fn compare(tokens: &[Token], item: &PsValue) -> Result<bool, LineError> {
    let operand = |tokens: &[Token]| -> Result<PsValue, LineError> {
        let mut value = match tokens.first() {
            Some(Token::Variable(v)) if v == "_" => item.clone(),
            Some(Token::Str(s, _) | Token::Word(s)) => PsValue::Str(s.clone()),
            Some(other) => return Err(unexpected(other)),
            None => return Err(LineError::Usage("ParserError: Missing an operand in the condition.".to_owned())),
        };
        for token in &tokens[1..] {
            match token {
                Token::Member(m) => value = value.member(m),
                other => return Err(unexpected(other)),
            }
        }
        Ok(value)
    };
    let op = tokens.iter().position(|t| matches!(t, Token::Parameter(_)));
    let Some(op) = op else {
        // `{ $_.Name }`: true when the value is there.
        return Ok(match operand(tokens)? {
            PsValue::Null => false,
            PsValue::Str(s) => !s.is_empty(),
            PsValue::List(items) => !items.is_empty(),
            PsValue::Object(_) | PsValue::Secure(_) => true,
        });
    };
    let Token::Parameter(name) = &tokens[op] else { return Ok(false) };
    let left = operand(&tokens[..op])?.as_text().unwrap_or_default().to_owned();
    let right = operand(&tokens[op + 1..])?.as_text().unwrap_or_default().to_owned();
    match name.to_ascii_lowercase().as_str() {
        "match" => matches(&left, &right),
        "notmatch" => matches(&left, &right).map(|m| !m),
        "eq" => Ok(left.eq_ignore_ascii_case(&right)),
        "ne" => Ok(!left.eq_ignore_ascii_case(&right)),
        "like" => Ok(mua_core::rbac::pattern_matches(&right, &left)),
        other => Err(LineError::Usage(format!(
            "Where-Object: this console compares with -match, -notmatch, -eq, -ne and -like, not -{other}."
        ))),
    }
}

/// `-match`: PowerShell's regular expressions, case-insensitive, as far as the seeds use them —
/// literal text with `.` (any character), `^` and `$`; other regex syntax is named as unsupported.
fn matches(text: &str, pattern: &str) -> Result<bool, LineError> {
    if let Some(c) = pattern.chars().find(|c| "*+?[](){}|\\".contains(*c)) {
        return Err(LineError::Usage(format!(
            "Where-Object: this console's -match reads literal text with '.', '^' and '$', not '{c}'."
        )));
    }
    let anchored_start = pattern.starts_with('^');
    let anchored_end = pattern.ends_with('$') && pattern.len() > usize::from(anchored_start);
    let core = &pattern[usize::from(anchored_start)..pattern.len() - usize::from(anchored_end)];
    let text: Vec<char> = text.chars().collect();
    let pat: Vec<char> = core.chars().collect();
    let at = |start: usize| {
        start + pat.len() <= text.len()
            && pat.iter().zip(&text[start..]).all(|(p, t)| *p == '.' || p.eq_ignore_ascii_case(t))
    };
    let last = text.len().saturating_sub(pat.len());
    Ok(match (anchored_start, anchored_end) {
        (true, true) => text.len() == pat.len() && at(0),
        (true, false) => at(0),
        (false, true) => text.len() >= pat.len() && at(last),
        (false, false) => (0..=last).any(at),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// Cmdlets that answer with fixed objects, to test the language alone.
    struct Fixed;

    impl Cmdlets for Fixed {
        fn invoke(&mut self, call: Call) -> Result<PsValue, LineError> {
            let op = |s: &str| {
                PsValue::Object(Rc::new(PsObject {
                    type_name: "ResourceGuardOperation".into(),
                    props: vec![("VaultCriticalOperation".into(), PsValue::Str(s.into()))],
                }))
            };
            match call.name.as_str() {
                "Get-Guard" => Ok(PsValue::Object(Rc::new(PsObject {
                    type_name: "TestGuard".into(),
                    props: vec![
                        ("Name".into(), PsValue::Str("guard1".into())),
                        (
                            "ResourceGuardOperation".into(),
                            PsValue::List(vec![
                                op("Microsoft.RecoveryServices/vaults/backupSecurityPIN/action"),
                                op("Microsoft.RecoveryServices/vaults/backupconfig/write"),
                                op("Microsoft.DataProtection/backupVaults/backupInstances/delete"),
                            ]),
                        ),
                    ],
                }))),
                "Echo" => Ok(call.args.into_iter().next().map_or(PsValue::Null, |(_, v)| v)),
                _ => Err(LineError::Usage(format!("{}: not recognized", call.name))),
            }
        }
    }

    fn run(state: &mut PwshState, text: &str) -> String {
        let mut out = Vec::new();
        for statement in statements(text).unwrap_or_else(|_| panic!("{text}")) {
            match run_statement(state, &mut Fixed, &statement) {
                Ok(s) => out.push(s),
                Err(LineError::Usage(m)) => out.push(format!("usage: {m}")),
                Err(LineError::Refused(r)) => out.push(format!("refused: {}", r.code)),
            }
        }
        out.join("\n")
    }

    #[test]
    fn the_seeds_pipeline_filters_the_guards_operations() {
        let mut state = PwshState::default();
        run(
            &mut state,
            r#"$resourceGuard = Get-Guard
$criticalOperations = $resourceGuard.ResourceGuardOperation.VaultCriticalOperation
$operationsToBeExcluded = $criticalOperations | Where-Object { $_ -match "backupSecurityPIN/action" -or $_ -match "backupInstances/delete" }"#,
        );
        assert_eq!(
            state.get("operationsToBeExcluded").texts(),
            [
                "Microsoft.RecoveryServices/vaults/backupSecurityPIN/action",
                "Microsoft.DataProtection/backupVaults/backupInstances/delete"
            ]
        );
        assert_eq!(run(&mut state, "$resourceGuard.Name"), "guard1");
        assert_eq!(run(&mut state, "$RESOURCEGUARD.name"), "guard1", "names are case-insensitive");
        assert_eq!(run(&mut state, "(Echo \"a\",'b').Length"), "", "a missing property is $null");
        assert_eq!(run(&mut state, "Echo a,b"), "a\nb");
        // Two properties: the default formatter's table (PropertyCountForTable is 4).
        assert_eq!(
            run(&mut state, "$resourceGuard"),
            "Name   ResourceGuardOperation\n----   ----------------------\nguard1 {ResourceGuardOperation, ResourceGuardOperation, ResourceGuardOperation}"
        );
    }

    /// `Out-Null` discards its input; `Select-Object -First / -ExpandProperty / -Property` pick from
    /// it (PowerShell's Microsoft.PowerShell.Utility cmdlets, the parameters docs use).
    #[test]
    fn out_null_and_select_object() {
        let mut state = PwshState::default();
        run(&mut state, "$resourceGuard = Get-Guard");
        let cases = [
            ("Get-Guard | Out-Null", ""),
            (
                "$resourceGuard.ResourceGuardOperation | Select-Object -First 1 -ExpandProperty VaultCriticalOperation",
                "Microsoft.RecoveryServices/vaults/backupSecurityPIN/action",
            ),
            ("$resourceGuard | Select-Object -ExpandProperty Name", "guard1"),
            ("$resourceGuard | select -Property Name", "Name\n----\nguard1"),
            ("$resourceGuard | Select-Object Name", "Name\n----\nguard1"),
            ("$resourceGuard | Format-List Name", "Name : guard1"),
            ("$resourceGuard | fl -Property Name", "Name : guard1"),
            ("@($resourceGuard, $resourceGuard) | ft Name", "Name\n----\nguard1\nguard1"),
            ("Echo a,b,c | Select-Object -First 2", "a\nb"),
        ];
        for (text, printed) in cases {
            assert_eq!(run(&mut state, text), printed, "{text}");
        }
        assert!(run(&mut state, "Echo a | Select-Object -Last 1").contains("This console reads -First"));
    }

    /// `@( … )` is always an array, `[N]` indexes one (negative from the end), `@{ … }` is a
    /// hashtable, on one line with `;` or over several.
    #[test]
    fn arrays_indexes_and_hashtables() {
        let mut state = PwshState::default();
        let cases = [
            ("@(Echo a).Count", ""),
            ("(Echo a,b,c)[1]", "b"),
            ("$list = Echo a,b,c\n$list[-1]", "c"),
            ("$list[7]", ""),
            ("@(Echo a)[0]", "a"),
            ("$t = @{env = \"prod\"; team = 'backup'}\n$t.team", "backup"),
            ("$t = @{\n  env = \"test\"\n  owner = 'sara'\n}\n$t.env", "test"),
            ("@{env}", "usage: ParserError: Missing '=' operator after key 'env' in hash literal."),
        ];
        for (text, printed) in cases {
            // An assignment prints nothing: its line stays out.
            assert_eq!(run(&mut state, text).trim_start(), printed, "{text}");
        }
    }

    #[test]
    fn match_reads_what_the_seeds_use_and_names_the_rest() {
        assert!(matches("Microsoft.X/backupSecurityPIN/action", "backupsecuritypin/ACTION").unwrap());
        assert!(matches("abc", "^a.c$").unwrap());
        assert!(!matches("abcd", "^a.c$").unwrap());
        assert!(matches("xabc", "bc$").unwrap());
        assert!(matches("anything", "(a|b)").is_err());
        let mut state = PwshState::default();
        assert!(run(&mut state, "$x = (Echo a").starts_with("usage: ParserError: Missing closing ')'"));
        assert!(run(&mut state, "Echo a | Where-Object { $_ -gt 1 }").contains("not -gt"));
    }
}
