//! Exchange formats at the edges of copydesk, each in its own offset unit.

pub mod jsonl;
