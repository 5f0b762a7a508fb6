//! The core model: offsets, labels, spans, documents, edits and history.

mod annotations;
mod article;
mod document;
mod edit;
mod history;
mod label;
mod offset;
mod span;

pub use annotations::{Annotations, InvariantError, ReviewState, Unplaced};
pub use article::Article;
pub use document::{
    DecodeError, Document, Encoding, Fingerprint, MAX_ARTICLE_BYTES, SizeError, TextError,
    WORKING_MEMORY_PER_BYTE, check_size, check_text, decode,
};
pub use edit::{Edit, EditError};
pub use history::{History, Revision};
pub use label::{Label, LabelDef, LabelSet, LabelSetError, Rgb};
pub use offset::{ByteOffset, ByteRange, CharOffset, TextIndex, Utf16Offset};
pub use span::{Origin, Span, SpanId, SpeakerLink, Status};
