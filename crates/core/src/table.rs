//! [`Table`] and [`Set`]: the world's ordered map and set, a sorted pair of vectors. It keeps what the world needs of a
//! `BTreeMap` — lookups by key, iteration in key order, equality exactly when the contents are
//! equal — with far less code in the download: the key search is one function per key type, shared
//! by every table of that key type, where each `BTreeMap<K, V>` brings its own copy of the B-tree.
//! Inserting in the middle moves the elements after it; the world's tables hold thousands of
//! entries at most, built once and changed one command at a time.

use std::borrow::Borrow;
use std::fmt;

/// An ordered map from `K` to `V`, sorted by key.
#[derive(Clone, PartialEq, Eq)]
pub struct Table<K, V> {
    keys: Vec<K>,
    values: Vec<V>,
}

impl<K, V> Default for Table<K, V> {
    fn default() -> Self {
        Table { keys: Vec::new(), values: Vec::new() }
    }
}

/// Where `key` is in the sorted `keys`, or where it would go.
fn search<K: Borrow<Q>, Q: Ord + ?Sized>(keys: &[K], key: &Q) -> Result<usize, usize> {
    keys.binary_search_by(|k| k.borrow().cmp(key))
}

impl<K: Ord, V> Table<K, V> {
    /// An empty table.
    pub fn new() -> Self {
        Table::default()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        search(&self.keys, key).ok().map(|i| &self.values[i])
    }

    /// The value of `key`, to change.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        search(&self.keys, key).ok().map(|i| &mut self.values[i])
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        search(&self.keys, key).is_ok()
    }

    /// Sets the value of `key`, returning the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match search(&self.keys, &key) {
            Ok(i) => Some(std::mem::replace(&mut self.values[i], value)),
            Err(i) => {
                self.keys.insert(i, key);
                self.values.insert(i, value);
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let i = search(&self.keys, key).ok()?;
        self.keys.remove(i);
        Some(self.values.remove(i))
    }

    /// The value of `key`, inserted first if it has none.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        Entry { table: self, key }
    }

    /// Keeps only the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let mut i = 0;
        while i < self.keys.len() {
            if keep(&self.keys[i], &mut self.values[i]) {
                i += 1;
            } else {
                self.keys.remove(i);
                self.values.remove(i);
            }
        }
    }
}

impl<K, V> Table<K, V> {
    /// The entries in key order.
    pub fn iter(&self) -> std::iter::Zip<std::slice::Iter<'_, K>, std::slice::Iter<'_, V>> {
        self.keys.iter().zip(self.values.iter())
    }

    /// The entries in key order, values to change.
    pub fn iter_mut(&mut self) -> std::iter::Zip<std::slice::Iter<'_, K>, std::slice::IterMut<'_, V>> {
        self.keys.iter().zip(self.values.iter_mut())
    }

    /// The keys in order.
    pub fn keys(&self) -> std::slice::Iter<'_, K> {
        self.keys.iter()
    }

    /// The values in key order.
    pub fn values(&self) -> std::slice::Iter<'_, V> {
        self.values.iter()
    }

    /// The values in key order, to change.
    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, V> {
        self.values.iter_mut()
    }
}

/// A key of a [`Table`] and the table, to get its value or insert one.
pub struct Entry<'a, K, V> {
    table: &'a mut Table<K, V>,
    key: K,
}

impl<'a, K: Ord, V> Entry<'a, K, V> {
    /// The value, `make()` inserted first if there is none.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let i = match search(&self.table.keys, &self.key) {
            Ok(i) => i,
            Err(i) => {
                self.table.keys.insert(i, self.key);
                self.table.values.insert(i, make());
                i
            }
        };
        &mut self.table.values[i]
    }

    /// The value, the default inserted first if there is none.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Table<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut table = Table::new();
        for (k, v) in iter {
            table.insert(k, v);
        }
        table
    }
}

impl<'a, K, V> IntoIterator for &'a Table<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, K>, std::slice::Iter<'a, V>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for Table<K, V> {
    type Output = V;

    /// The value of `key`; panics when there is none, as `BTreeMap`'s index does (tests only).
    #[allow(clippy::panic)]
    fn index(&self, key: &Q) -> &V {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no such key in the table"),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Table<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// An ordered set of `K`: a sorted vector, for the same reason as [`Table`].
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Set<K> {
    keys: Vec<K>,
}

impl<K> Default for Set<K> {
    fn default() -> Self {
        Set { keys: Vec::new() }
    }
}

impl<K: Ord> Set<K> {
    /// An empty set.
    pub fn new() -> Self {
        Set::default()
    }

    /// Adds `key`; false when it was there already.
    pub fn insert(&mut self, key: K) -> bool {
        match search(&self.keys, &key) {
            Ok(_) => false,
            Err(i) => {
                self.keys.insert(i, key);
                true
            }
        }
    }

    /// Removes `key`; false when it was not there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        match search(&self.keys, key) {
            Ok(i) => {
                self.keys.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    /// Whether `key` is in the set.
    pub fn contains<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        search(&self.keys, key).is_ok()
    }

    /// Keeps only the keys `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&K) -> bool) {
        self.keys.retain(keep);
    }
}

impl<K> Set<K> {
    /// The number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys in order.
    pub fn iter(&self) -> std::slice::Iter<'_, K> {
        self.keys.iter()
    }
}

/// The items in order, each once (what `sort` then `dedup` give, through the set's insertion
/// rather than another copy of a sort in the download).
pub fn sorted_unique<K: Ord>(items: impl IntoIterator<Item = K>) -> Vec<K> {
    items.into_iter().collect::<Set<K>>().keys
}

/// Sorts `items` stably by `cmp`. Every caller shares one copy of the sort in the download: it
/// sorts positions, comparing through a `dyn` function, then moves the items into that order
/// (a sort per item type would be 3 to 4 KB each).
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let order = sorted_positions(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)));
}

#[inline(never)]
fn sorted_positions(len: usize, cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| cmp(*a, *b));
    order
}

impl<K: Ord> FromIterator<K> for Set<K> {
    fn from_iter<I: IntoIterator<Item = K>>(iter: I) -> Self {
        let mut set = Set::new();
        set.extend(iter);
        set
    }
}

impl<K: Ord> Extend<K> for Set<K> {
    fn extend<I: IntoIterator<Item = K>>(&mut self, iter: I) {
        for k in iter {
            self.insert(k);
        }
    }
}

impl<'a, K> IntoIterator for &'a Set<K> {
    type Item = &'a K;
    type IntoIter = std::slice::Iter<'a, K>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K> IntoIterator for Set<K> {
    type Item = K;
    type IntoIter = std::vec::IntoIter<K>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.into_iter()
    }
}

impl<K: fmt::Debug> fmt::Debug for Set<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{sort_by, Table};

    #[test]
    fn sort_by_is_stable_and_keeps_every_item() {
        let mut items = vec![(3, "a"), (1, "b"), (3, "c"), (2, "d"), (1, "e")];
        sort_by(&mut items, |x, y| x.0.cmp(&y.0));
        assert_eq!(items, [(1, "b"), (1, "e"), (2, "d"), (3, "a"), (3, "c")]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, Ord::cmp);
        assert!(empty.is_empty());
    }

    #[test]
    fn keeps_keys_sorted_and_replaces_values() {
        let mut t = Table::new();
        for k in ["c", "a", "b"] {
            assert_eq!(t.insert(k.to_owned(), k.len()), None);
        }
        assert_eq!(t.insert("a".to_owned(), 7), Some(1));
        assert_eq!(t.keys().map(String::as_str).collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(t.get("a"), Some(&7));
        assert_eq!(t.remove("b"), Some(1));
        assert!(!t.contains_key("b"));
        *t.entry("d".to_owned()).or_default() += 2;
        *t.entry("d".to_owned()).or_default() += 2;
        assert_eq!(t.get("d"), Some(&4));
        t.retain(|k, _| k != "a");
        assert_eq!(t.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(), [("c", 1), ("d", 4)]);
        assert_eq!(format!("{t:?}"), r#"{"c": 1, "d": 4}"#);
    }

    #[test]
    fn equal_exactly_when_the_contents_are() {
        let a: Table<String, u8> = [("x".to_owned(), 1), ("y".to_owned(), 2)].into_iter().collect();
        let b: Table<String, u8> = [("y".to_owned(), 2), ("x".to_owned(), 1)].into_iter().collect();
        assert_eq!(a, b);
        assert_ne!(a, Table::new());
    }

    #[test]
    fn a_set_keeps_each_key_once_in_order() {
        let mut s: super::Set<&str> = ["b", "a"].into_iter().collect();
        assert!(!s.insert("a"));
        assert!(s.insert("c"));
        assert!(s.remove("b") && !s.remove("b"));
        assert_eq!(s.iter().copied().collect::<Vec<_>>(), ["a", "c"]);
        assert!(s.contains("c"));
        assert_eq!(format!("{s:?}"), r#"{"a", "c"}"#);
    }
}
