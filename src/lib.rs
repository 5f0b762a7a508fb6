//! copydesk: annotate news articles with captions, quotes (with their
//! speakers) and check-worthy claims.
//!
//! The library is the pure core and has no GUI dependency: [`model`]
//! (documents, offsets, spans, labels, edits, history), [`detect`],
//! [`store`] (RON files), [`formats`], [`corpus`] and [`cli`]. The `gui`
//! feature adds the eframe editor in `ui`.

pub mod agree;
pub mod allocator;
pub mod batch;
pub mod cli;
pub mod corpus;
pub mod detect;
pub mod eval;
pub mod formats;
pub mod model;
pub mod recovery;
pub mod store;
pub mod suggest;
#[cfg(feature = "gui")]
pub mod ui;
