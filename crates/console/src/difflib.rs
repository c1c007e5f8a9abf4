//! The closest of some words to a word, as Python's `difflib.get_close_matches(word, choices, n,
//! cutoff)` finds it (`SequenceMatcher.ratio`: twice the matched characters over both lengths, the
//! matches found as the longest common block first, then the same on each side of it), which az uses
//! for its "Did you mean" (`src/azure-cli-core/azure/cli/core/parser.py`, `_check_value`). Words
//! here are short, so difflib's "junk" heuristics (for sequences of 200 or more) never apply.

/// The choice most like `word` with a ratio of at least `cutoff`: the highest ratio, and of equal
/// ratios the greatest choice (as `heapq.nlargest` orders `(ratio, choice)` pairs).
pub(crate) fn closest(word: &str, choices: impl Iterator<Item = &'static str>, cutoff: f64) -> Option<&'static str> {
    let word: Vec<char> = word.chars().collect();
    let mut best: Option<(f64, &'static str)> = None;
    for choice in choices {
        let a: Vec<char> = choice.chars().collect();
        let score = ratio(&a, &word);
        let better = match best {
            None => true,
            Some((s, c)) => score > s || (score == s && choice > c),
        };
        if score >= cutoff && better {
            best = Some((score, choice));
        }
    }
    best.map(|(_, choice)| choice)
}

/// `SequenceMatcher(None, a, b).ratio()`.
fn ratio(a: &[char], b: &[char]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matched(a, b) as f64 / total as f64
}

/// The characters of `a` and `b` in matching blocks (`get_matching_blocks`).
fn matched(a: &[char], b: &[char]) -> usize {
    let mut queue = vec![(0, a.len(), 0, b.len())];
    let mut sum = 0;
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest_match(a, b, alo, ahi, blo, bhi);
        if k > 0 {
            sum += k;
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    sum
}

/// `find_longest_match`: the longest block `a[i..i+k] == b[j..j+k]` in the ranges; of equally long
/// ones, the one that ends first in `a`, then in `b` (as difflib scans).
fn longest_match(a: &[char], b: &[char], alo: usize, ahi: usize, blo: usize, bhi: usize) -> (usize, usize, usize) {
    let (mut best_i, mut best_j, mut best) = (alo, blo, 0);
    // The length of the match ending at (i - 1, j) for the previous i.
    let mut previous = vec![0usize; b.len() + 1];
    for (i, ai) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut current = vec![0usize; b.len() + 1];
        for j in blo..bhi {
            if *ai == b[j] {
                let k = if j > blo { previous[j - 1] } else { 0 } + 1;
                current[j] = k;
                if k > best {
                    (best_i, best_j, best) = (i + 1 - k, j + 1 - k, k);
                }
            }
        }
        previous = current;
    }
    (best_i, best_j, best)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values from Python 3: `difflib.SequenceMatcher(None, a, b).ratio()` and
    /// `difflib.get_close_matches(word, choices, cutoff=0.7)[0]`.
    #[test]
    fn ratios_and_choices_as_python_gives_them() {
        let r = |a: &str, b: &str| ratio(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert!((r("abcd", "bcde") - 0.75).abs() < 1e-9);
        assert!((r("resource-guard", "resource-gaurd") - 26.0 / 28.0).abs() < 1e-9);
        assert!((r("provider", "providers") - 16.0 / 17.0).abs() < 1e-9);
        assert!((r("list", "lis") - 6.0 / 7.0).abs() < 1e-9);
        assert_eq!(r("", ""), 1.0);
        let choices = ["resource-guard", "backup-vault", "backup-instance"];
        assert_eq!(closest("resource-gaurd", choices.into_iter(), 0.7), Some("resource-guard"));
        assert_eq!(closest("backup-vualt", choices.into_iter(), 0.7), Some("backup-vault"));
        assert_eq!(closest("xyz", choices.into_iter(), 0.7), None);
    }
}
