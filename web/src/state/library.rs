//! The local library: every scenario saved in this browser, with a title and
//! the time it was last saved. Deleted ones wait in a bin for [`BIN_DAYS`]
//! days and can be restored until then.
//!
//! Each scenario is two keys of a [`Shelf`] (a key-value store): its text,
//! and a few lines about it ([`Entry::to_meta`]). There is no index to keep
//! in step, and saving (which the page does after every evaluation) reads
//! and writes only the scenario's own keys. The page gives `localStorage`
//! (`crate::persist`); the tests a map.

/// The prefix of every key of the library.
pub const PREFIX: &str = "iam-playground.library/";
/// Before the library, the one scenario was kept here.
pub const OLD_KEY: &str = "iam-playground.scenario";
/// How long a deleted scenario can be restored.
pub const BIN_DAYS: f64 = 30.0;
const DAY_MS: f64 = 86_400_000.0;
const META: &str = ".meta";

/// A key-value store of texts.
pub trait Shelf {
    fn get(&self, key: &str) -> Option<String>;
    /// `false` when the text could not be kept (storage full or disabled).
    fn set(&mut self, key: &str, value: &str) -> bool;
    fn remove(&mut self, key: &str);
    fn keys(&self) -> Vec<String>;
}

fn text_key(id: &str) -> String {
    format!("{PREFIX}{id}")
}

fn meta_key(id: &str) -> String {
    format!("{PREFIX}{id}{META}")
}

/// One saved scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    /// The name given with Rename; otherwise the scenario's own title is shown.
    pub name: Option<String>,
    /// The scenario's title when it was last saved.
    pub title: String,
    /// When it was last saved (ms since 1970).
    pub updated: f64,
    /// The text's length in bytes.
    pub bytes: usize,
    /// When it was deleted (ms since 1970), while it waits in the bin.
    pub deleted: Option<f64>,
}

impl Entry {
    /// What the library shows for it.
    pub fn label(&self) -> &str {
        match (&self.name, self.title.trim()) {
            (Some(name), _) => name,
            (None, "") => "Untitled scenario",
            (None, title) => title,
        }
    }

    /// The lines kept about it: the time saved, the size, the time deleted
    /// (or nothing), the name (or nothing), then the title, which may span lines.
    pub fn to_meta(&self) -> String {
        let deleted = self.deleted.map(|d| (d as u64).to_string()).unwrap_or_default();
        let name = self.name.as_deref().unwrap_or("").replace('\n', " ");
        format!("{}\n{}\n{deleted}\n{name}\n{}", self.updated as u64, self.bytes, self.title)
    }

    /// Reads the lines of [`Entry::to_meta`]; `None` when they are not that.
    pub fn from_meta(id: &str, meta: &str) -> Option<Entry> {
        let mut lines = meta.splitn(5, '\n');
        let updated = lines.next()?.parse::<u64>().ok()? as f64;
        let bytes = lines.next()?.parse().ok()?;
        let deleted = lines.next()?;
        let deleted = if deleted.is_empty() { None } else { Some(deleted.parse::<u64>().ok()? as f64) };
        let name = lines.next()?;
        Some(Entry {
            id: id.to_string(),
            name: (!name.is_empty()).then(|| name.to_string()),
            title: lines.next().unwrap_or("").to_string(),
            updated,
            bytes,
            deleted,
        })
    }
}

/// The text of a saved scenario (one in the bin too).
pub fn text(shelf: &dyn Shelf, id: &str) -> Option<String> {
    shelf.get(&text_key(id))
}

/// Saves `text` as the scenario `id` (creating it, or taking it out of the
/// bin), with its title; a name given with Rename stays. `false` when the
/// browser would not keep it.
pub fn save(shelf: &mut dyn Shelf, id: &str, text: &str, title: &str, now: f64) -> bool {
    let before = shelf.get(&meta_key(id)).and_then(|m| Entry::from_meta(id, &m));
    if let Some(e) = &before {
        if e.title == title && e.deleted.is_none() && self::text(shelf, id).as_deref() == Some(text) {
            return true;
        }
    }
    let entry = Entry {
        id: id.to_string(),
        name: before.and_then(|e| e.name),
        title: title.to_string(),
        updated: now,
        bytes: text.len(),
        deleted: None,
    };
    shelf.set(&text_key(id), text) && shelf.set(&meta_key(id), &entry.to_meta())
}

/// Every saved scenario, most recently saved first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Library {
    pub entries: Vec<Entry>,
}

impl Library {
    /// Reads every scenario, and empties the bin of what is older than
    /// [`BIN_DAYS`]. The scenario kept before the library came becomes an
    /// entry of its own.
    pub fn load(shelf: &mut dyn Shelf, now: f64) -> Library {
        if let Some(old) = shelf.get(OLD_KEY).filter(|t| !t.trim().is_empty()) {
            let id = format!("c{:x}", now.max(0.0) as u64);
            if save(shelf, &id, &old, "", now) {
                shelf.remove(OLD_KEY);
            }
        }
        let mut entries: Vec<Entry> = shelf
            .keys()
            .iter()
            .filter_map(|k| k.strip_prefix(PREFIX)?.strip_suffix(META))
            .filter_map(|id| Entry::from_meta(id, &shelf.get(&meta_key(id))?))
            .collect();
        let (expired, kept): (Vec<Entry>, Vec<Entry>) =
            entries.drain(..).partition(|e| e.deleted.is_some_and(|d| now - d > BIN_DAYS * DAY_MS));
        for e in expired {
            shelf.remove(&text_key(&e.id));
            shelf.remove(&meta_key(&e.id));
        }
        let mut entries = kept;
        entries.sort_by(|a, b| b.updated.total_cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
        Library { entries }
    }

    /// An id no entry has, made from the time.
    pub fn new_id(&self, now: f64) -> String {
        let mut n = now.max(0.0) as u64;
        loop {
            let id = format!("c{n:x}");
            if !self.entries.iter().any(|e| e.id == id) {
                return id;
            }
            n += 1;
        }
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Saved scenarios, most recent first.
    pub fn shelved(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.deleted.is_none())
    }

    /// Deleted scenarios that can still be restored.
    pub fn binned(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.deleted.is_some())
    }

    /// A copy of `id` under a new id, named "Copy of …"; its id.
    pub fn duplicate(&mut self, shelf: &mut dyn Shelf, id: &str, now: f64) -> Option<String> {
        let text = text(shelf, id)?;
        let source = self.entry(id)?.clone();
        let copy = self.new_id(now);
        let entry = Entry {
            id: copy.clone(),
            name: Some(format!("Copy of {}", source.label())),
            title: source.title,
            updated: now,
            bytes: text.len(),
            deleted: None,
        };
        if !(shelf.set(&text_key(&copy), &text) && shelf.set(&meta_key(&copy), &entry.to_meta())) {
            shelf.remove(&text_key(&copy));
            return None;
        }
        self.entries.insert(0, entry);
        Some(copy)
    }

    /// Names a scenario (an empty name goes back to its title).
    pub fn rename(&mut self, shelf: &mut dyn Shelf, id: &str, name: &str) -> bool {
        let name = name.trim().replace('\n', " ");
        self.change(shelf, id, |e| e.name = (!name.is_empty()).then(|| name.clone()))
    }

    /// Moves a scenario to the bin (its text stays until the bin empties).
    pub fn delete(&mut self, shelf: &mut dyn Shelf, id: &str, now: f64) -> bool {
        self.change(shelf, id, |e| e.deleted = Some(now))
    }

    /// Takes a scenario out of the bin.
    pub fn restore(&mut self, shelf: &mut dyn Shelf, id: &str) -> bool {
        self.change(shelf, id, |e| e.deleted = None)
    }

    fn change(&mut self, shelf: &mut dyn Shelf, id: &str, change: impl FnOnce(&mut Entry)) -> bool {
        let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) else { return false };
        let mut changed = entry.clone();
        change(&mut changed);
        if !shelf.set(&meta_key(id), &changed.to_meta()) {
            return false;
        }
        *entry = changed;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct Map(BTreeMap<String, String>, bool);

    impl Shelf for Map {
        fn keys(&self) -> Vec<String> {
            self.0.keys().cloned().collect()
        }
        fn get(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set(&mut self, key: &str, value: &str) -> bool {
            if self.1 {
                return false;
            }
            self.0.insert(key.into(), value.into());
            true
        }
        fn remove(&mut self, key: &str) {
            self.0.remove(key);
        }
    }

    #[test]
    fn saved_scenarios_survive_a_reload_most_recent_first() {
        let mut shelf = Map::default();
        assert!(save(&mut shelf, "a", "{\"title\": \"A\"}", "A", 10.0));
        assert!(save(&mut shelf, "b", "{}", "", 20.0));
        let lib = Library::load(&mut shelf, 30.0);
        let labels: Vec<&str> = lib.shelved().map(Entry::label).collect();
        assert_eq!(labels, ["Untitled scenario", "A"]);
        assert_eq!(text(&shelf, "a").as_deref(), Some("{\"title\": \"A\"}"));
    }

    #[test]
    fn the_scenario_saved_before_the_library_becomes_its_first_entry() {
        let mut shelf = Map::default();
        shelf.set(OLD_KEY, "{\"version\": 1}");
        let lib = Library::load(&mut shelf, 5.0);
        let entry = lib.shelved().next().unwrap();
        assert_eq!(text(&shelf, &entry.id).as_deref(), Some("{\"version\": 1}"));
        assert_eq!(shelf.get(OLD_KEY), None);
    }

    #[test]
    fn duplicate_rename_delete_and_restore() {
        let mut shelf = Map::default();
        save(&mut shelf, "a", "text", "Alice", 1.0);
        let mut lib = Library::load(&mut shelf, 1.0);
        let copy = lib.duplicate(&mut shelf, "a", 2.0).unwrap();
        assert_eq!(lib.entry(&copy).unwrap().label(), "Copy of Alice");
        assert_eq!(text(&shelf, &copy).as_deref(), Some("text"));
        lib.rename(&mut shelf, &copy, "  Mine ");
        assert_eq!(lib.entry(&copy).unwrap().label(), "Mine");
        lib.rename(&mut shelf, &copy, "");
        assert_eq!(lib.entry(&copy).unwrap().label(), "Alice", "an empty name shows the title");
        lib.delete(&mut shelf, "a", 3.0);
        assert_eq!(lib.shelved().count(), 1);
        assert_eq!(lib.binned().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["a"]);
        lib.restore(&mut shelf, "a");
        assert_eq!(lib.shelved().count(), 2);
        assert_eq!(Library::load(&mut shelf, 4.0), lib, "kept across a reload");
    }

    #[test]
    fn the_bin_empties_after_thirty_days() {
        let mut shelf = Map::default();
        save(&mut shelf, "a", "text", "", 0.0);
        Library::load(&mut shelf, 0.0).delete(&mut shelf, "a", 0.0);
        let lib = Library::load(&mut shelf, 29.0 * DAY_MS);
        assert_eq!(lib.binned().count(), 1, "still restorable");
        let lib = Library::load(&mut shelf, 31.0 * DAY_MS);
        assert_eq!(lib.entries.len(), 0);
        assert_eq!(shelf.0.len(), 0, "its text is gone too");
    }

    #[test]
    fn a_full_storage_says_so_and_lists_nothing() {
        let mut shelf = Map(BTreeMap::new(), true);
        assert!(!save(&mut shelf, "a", "text", "", 1.0));
        assert_eq!(Library::load(&mut shelf, 1.0).entries.len(), 0);
    }

    #[test]
    fn saving_keeps_a_given_name_and_a_title_over_lines_reads_back() {
        let mut shelf = Map::default();
        save(&mut shelf, "a", "t", "Line one\nline two", 1.0);
        let mut lib = Library::load(&mut shelf, 1.0);
        assert_eq!(lib.entry("a").unwrap().title, "Line one\nline two");
        lib.rename(&mut shelf, "a", "Named");
        save(&mut shelf, "a", "t2", "Other", 2.0);
        let e = Library::load(&mut shelf, 2.0).entries.remove(0);
        assert_eq!((e.label(), e.title.as_str(), e.bytes), ("Named", "Other", 2));
        assert_eq!(Entry::from_meta("x", "not meta"), None);
    }

    #[test]
    fn new_ids_are_unique() {
        let mut lib = Library::default();
        let a = lib.new_id(255.0);
        lib.entries.push(Entry {
            id: a.clone(),
            name: None,
            title: String::new(),
            updated: 0.0,
            bytes: 0,
            deleted: None,
        });
        assert_eq!(a, "cff");
        assert_eq!(lib.new_id(255.0), "c100");
    }
}
