//! The knowledge base: facts the user can read, edit and extend, in the text format of
//! `docs/KB.md`; a curated core compiled in from `data/kb/`; user files merged over it; a
//! streaming Wikidata import; and the checks that set articles' claims against it.

pub mod checks;
mod kb;
pub mod parse;
mod types;
pub mod wikidata;

pub use kb::{Kb, KbError, load_config};
pub use types::{EventKind, KbDate, KbEntity, KbEvent, KbKind, KbTerm, Origin};
