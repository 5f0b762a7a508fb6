//! The article text with its spans, laid out only where it is on screen.
//!
//! The text is cut into paragraphs (lines). Each paragraph gets its galley
//! the first time it scrolls into view; until then its height is estimated
//! from its length. The spans' rectangles are cached per paragraph too and
//! dropped only for the paragraphs an edit touches. Labels, statuses and
//! colours are read when painting, so a relabel or an accept costs nothing
//! to re-lay out.

use super::compare::{CompareView, MarkKind};
use super::doc::SpanIndex;
use super::theme::{Mark, Palette, mark_of};
use crate::model::{Annotations, ByteOffset, ByteRange, Label, LabelSet, SpanId, Status};
use egui::text::{CharIndex, LayoutJob};
use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Shape, Stroke, Ui, pos2, vec2};
use std::sync::Arc;

/// A paragraph's spans: id and rectangles relative to the galley, longest
/// span first so that shorter ones paint on top.
type Decor = Vec<(SpanId, Vec<Rect>)>;

struct Laid {
    galley: Arc<Galley>,
    decor: Option<Decor>,
}

struct Para {
    /// The line without its line ending.
    range: ByteRange,
    height: f32,
    laid: Option<Laid>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct LayoutKey {
    wrap: f32,
    size: f32,
    dark: bool,
}

/// What the view is asked to scroll to on its next frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScrollTarget {
    /// Bring this range into view (only scrolls when it is not visible).
    Range(ByteRange),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Drag {
    Select { anchor: usize },
    Resize { id: SpanId, start_edge: bool },
}

/// What the user did in the text this frame.
#[derive(Debug, Default)]
pub struct ViewEvents {
    /// A primary click at this byte offset.
    pub clicked: Option<usize>,
    /// A secondary click (context menu) at this byte offset.
    pub secondary: Option<usize>,
    /// A drag selection was released: the raw (unsnapped) range, and
    /// whether Alt was held (exact characters).
    pub selected: Option<(ByteRange, bool)>,
    /// A span edge drag was released: the span, its new range, and
    /// whether Alt was held (exact characters).
    pub resized: Option<(SpanId, ByteRange, bool)>,
}

/// Everything the view reads to paint one frame.
pub struct ViewInput<'a> {
    pub text: &'a str,
    pub annotations: &'a Annotations,
    pub index: &'a SpanIndex,
    pub labels: &'a LabelSet,
    pub palette: Palette,
    pub font_size: f32,
    pub show_suggestions: bool,
    pub hidden: &'a [Label],
    pub selected: Option<SpanId>,
    pub text_sel: Option<ByteRange>,
    pub search: &'a [ByteRange],
    pub search_current: Option<usize>,
    /// The comparison layer, when another editor's set is compared.
    pub compare: Option<&'a CompareView>,
}

impl ViewInput<'_> {
    fn visible(&self, id: SpanId) -> Option<(&crate::model::Span, bool)> {
        let span = self.annotations.get(id)?;
        let shown = !self.hidden.contains(&span.label)
            && match span.status {
                Status::Confirmed => true,
                Status::Suggested => self.show_suggestions,
                Status::Rejected => false,
            };
        Some((span, shown))
    }
}

pub struct TextView {
    paras: Vec<Para>,
    /// `tops[i]` is the y of paragraph `i`; one more entry for the end.
    tops: Vec<f32>,
    tops_dirty: bool,
    key: Option<LayoutKey>,
    row_height: f32,
    char_width: f32,
    pub scroll_to: Option<ScrollTarget>,
    offset: f32,
    viewport_height: f32,
    drag: Option<Drag>,
    drag_now: Option<usize>,
    /// The screen position of the text's top left in the last frame.
    origin: Option<Pos2>,
}

impl TextView {
    pub fn new(text: &str) -> Self {
        let mut paras = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let body = line.strip_suffix('\n').unwrap_or(line);
            let body = body.strip_suffix('\r').unwrap_or(body);
            paras.push(Para {
                range: ByteRange::new(start, start + body.len()),
                height: 0.0,
                laid: None,
            });
            start += line.len();
        }
        if paras.is_empty() {
            paras.push(Para {
                range: ByteRange::new(0, 0),
                height: 0.0,
                laid: None,
            });
        }
        Self {
            paras,
            tops: Vec::new(),
            tops_dirty: true,
            key: None,
            row_height: 20.0,
            char_width: 8.0,
            scroll_to: None,
            offset: 0.0,
            viewport_height: 400.0,
            drag: None,
            drag_now: None,
            origin: None,
        }
    }

    /// The paragraph holding byte `at` (the last one starting at or before it).
    fn para_of(&self, at: usize) -> usize {
        self.paras
            .partition_point(|p| p.range.start.0 <= at)
            .saturating_sub(1)
    }

    /// Line (1-based) and column (1-based, in characters) of byte `at`.
    pub fn line_col(&self, text: &str, at: ByteOffset) -> (usize, usize) {
        let i = self.para_of(at.0);
        let start = self.paras[i].range.start.0;
        let col = text
            .get(start..at.0.max(start))
            .map_or(0, |s| s.chars().count());
        (i + 1, col + 1)
    }

    /// Drops the span rectangles of the paragraphs `ranges` touch.
    pub fn invalidate(&mut self, ranges: &[ByteRange]) {
        for range in ranges {
            let first = self.para_of(range.start.0);
            let last = self.para_of(range.end.0);
            for para in &mut self.paras[first..=last] {
                if let Some(laid) = &mut para.laid {
                    laid.decor = None;
                }
            }
        }
    }

    /// Drops every cached span rectangle (filters changed, article replaced).
    pub fn invalidate_all(&mut self) {
        for para in &mut self.paras {
            if let Some(laid) = &mut para.laid {
                laid.decor = None;
            }
        }
    }

    /// Where byte `at` was drawn in the last frame (screen coordinates, the
    /// height of its row), if its paragraph is laid out: for tests that
    /// drive the mouse.
    pub fn screen_rect(&self, text: &str, at: usize) -> Option<Rect> {
        let origin = self.origin?;
        let i = self.para_of(at);
        let para = &self.paras[i];
        let laid = para.laid.as_ref()?;
        let body = text.get(para.range.as_std())?;
        let rel = at.clamp(para.range.start.0, para.range.end.0) - para.range.start.0;
        let r = laid
            .galley
            .pos_from_cursor(egui::text::CCursor::new(char_of(body, rel)));
        Some(r.translate(origin.to_vec2() + vec2(0.0, *self.tops.get(i)?)))
    }

    /// How many paragraphs have a galley (for tests and benchmarks).
    pub fn laid_out(&self) -> usize {
        self.paras.iter().filter(|p| p.laid.is_some()).count()
    }

    fn relayout_all(&mut self, key: LayoutKey, ui: &Ui) {
        let font = FontId::proportional(key.size);
        let (row_height, char_width) =
            ui.fonts_mut(|f| (f.row_height(&font), f.glyph_width(&font, 'e').max(1.0)));
        self.row_height = row_height;
        self.char_width = char_width;
        let per_row = (key.wrap / char_width).max(1.0);
        for para in &mut self.paras {
            para.laid = None;
            // Bytes approximate characters closely enough for an estimate.
            let rows = (para.range.len() as f32 / per_row).ceil().max(1.0);
            para.height = rows * row_height;
        }
        self.key = Some(key);
        self.tops_dirty = true;
    }

    fn recompute_tops(&mut self) {
        self.tops.clear();
        self.tops.reserve(self.paras.len() + 1);
        let mut y = 0.0;
        for para in &self.paras {
            self.tops.push(y);
            y += para.height;
        }
        self.tops.push(y);
        self.tops_dirty = false;
    }

    fn total_height(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// The y (in content coordinates) of byte `at`, exact where laid out.
    fn y_of(&self, text: &str, at: usize) -> f32 {
        let i = self.para_of(at);
        let para = &self.paras[i];
        let top = self.tops.get(i).copied().unwrap_or(0.0);
        match &para.laid {
            Some(laid) => {
                let body = &text[para.range.as_std()];
                let rel = at.clamp(para.range.start.0, para.range.end.0) - para.range.start.0;
                let ci = char_of(body, rel);
                top + laid
                    .galley
                    .pos_from_cursor(egui::text::CCursor::new(ci))
                    .min
                    .y
            }
            None => top,
        }
    }

    /// Shows the text in a scroll area; returns what the user did, and the
    /// response of the text area (for its context menu).
    pub fn show(
        &mut self,
        ui: &mut Ui,
        id_salt: impl std::hash::Hash + std::fmt::Debug,
        input: &ViewInput<'_>,
    ) -> (ViewEvents, egui::Response) {
        let wrap = (ui.available_width() - 16.0).max(100.0).round();
        let key = LayoutKey {
            wrap,
            size: input.font_size,
            dark: input.palette.dark,
        };
        if self.key != Some(key) {
            self.relayout_all(key, ui);
        }
        if self.tops_dirty {
            self.recompute_tops();
        }
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt(id_salt)
            .auto_shrink([false, false]);
        if let Some(ScrollTarget::Range(range)) = self.scroll_to.take() {
            let top = self.y_of(input.text, range.start.0);
            let bottom = self.y_of(input.text, range.end.0) + self.row_height;
            let visible =
                top >= self.offset + 4.0 && bottom <= self.offset + self.viewport_height - 4.0;
            if !visible {
                let target = (top - self.viewport_height / 3.0).max(0.0);
                scroll = scroll.vertical_scroll_offset(target);
            }
        }
        let output = scroll.show_viewport(ui, |ui, viewport| {
            self.contents_ui(ui, viewport, key, input)
        });
        self.offset = output.state.clamped_offset().y;
        self.viewport_height = output.inner_rect.height();
        output.inner
    }

    fn contents_ui(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        key: LayoutKey,
        input: &ViewInput<'_>,
    ) -> (ViewEvents, egui::Response) {
        let origin = ui.max_rect().min;
        self.origin = Some(origin);
        let total = self.total_height();
        let (rect, response) =
            ui.allocate_exact_size(vec2(key.wrap, total), Sense::click_and_drag());
        let _ = rect;
        let painter = ui.painter().clone();
        let font = FontId::proportional(key.size);
        let first = self
            .tops
            .partition_point(|&t| t <= viewport.min.y)
            .saturating_sub(1)
            .min(self.paras.len().saturating_sub(1));
        let mut y = self.tops.get(first).copied().unwrap_or(0.0);
        let mut heights_changed = false;
        let mut selected_rects: Vec<Rect> = Vec::new();
        let mention = input
            .selected
            .and_then(|id| input.annotations.speaker_of(id))
            .and_then(|l| l.mention);
        let mut mention_rects: Vec<Rect> = Vec::new();
        let mut i = first;
        while i < self.paras.len() && y < viewport.max.y {
            let para = &mut self.paras[i];
            let body = &input.text[para.range.as_std()];
            let laid = para.laid.get_or_insert_with(|| {
                let job =
                    LayoutJob::simple(body.to_owned(), font.clone(), input.palette.text, key.wrap);
                Laid {
                    galley: ui.painter().layout_job(job),
                    decor: None,
                }
            });
            let height = laid.galley.rect.height().max(self.row_height);
            if (height - para.height).abs() > 0.1 {
                para.height = height;
                heights_changed = true;
            }
            let decor = &*laid
                .decor
                .get_or_insert_with(|| decor_of(body, para.range, &laid.galley, input));
            let at = origin + vec2(0.0, y);
            paint_para(&painter, at, body, para.range, &laid.galley, decor, input);
            for (id, rects) in decor {
                if Some(*id) == input.selected {
                    selected_rects.extend(rects.iter().map(|r| r.translate(at.to_vec2())));
                }
                if Some(*id) == mention {
                    mention_rects.extend(rects.iter().map(|r| r.translate(at.to_vec2())));
                }
            }
            y += height;
            i += 1;
        }
        let outline = Stroke::new(2.0, input.palette.selected_outline);
        for r in &selected_rects {
            painter.rect_stroke(r.expand(1.0), 2.0, outline, egui::StrokeKind::Outside);
        }
        if let Some(mention) = mention.and_then(|m| input.annotations.get(m)) {
            let color = input.palette.label(input.labels, &mention.label);
            for r in &mention_rects {
                painter.rect_stroke(
                    r.expand(1.0),
                    2.0,
                    Stroke::new(2.0, color),
                    egui::StrokeKind::Outside,
                );
            }
            // Join the quote to its speaker mention, from the quote's line
            // nearest to it.
            if let (Some(first), Some(last), Some(m)) = (
                selected_rects.first(),
                selected_rects.last(),
                mention_rects.first(),
            ) {
                let stroke = Stroke::new(1.5, color);
                let q = if m.min.y < first.min.y { first } else { last };
                let (a, b) = if q.y_range().intersects(m.y_range()) {
                    // On one line: an arch over the words between, so the
                    // connector never strikes through the text.
                    let (a, b) = (q.center_top(), m.center_top());
                    let peak = pos2((a.x + b.x) / 2.0, a.y.min(b.y) - 22.0);
                    painter.add(egui::epaint::QuadraticBezierShape::from_points_stroke(
                        [a, peak, b],
                        false,
                        Color32::TRANSPARENT,
                        stroke,
                    ));
                    (a, b)
                } else {
                    let (a, b) = if m.min.y < q.min.y {
                        (m.center_bottom(), q.center_top())
                    } else {
                        (q.center_bottom(), m.center_top())
                    };
                    painter.line_segment([a, b], stroke);
                    (a, b)
                };
                painter.circle_filled(a, 3.0, color);
                painter.circle_filled(b, 3.0, color);
            }
        }
        if heights_changed {
            self.recompute_tops();
            ui.ctx().request_repaint();
        }

        let events = self.interact_ui(ui, &response, origin, input);
        (events, response)
    }

    /// The byte offset under `pos` (screen coordinates).
    fn hit(&self, text: &str, origin: Pos2, pos: Pos2) -> usize {
        let y = pos.y - origin.y;
        let i = self
            .tops
            .partition_point(|&t| t <= y)
            .saturating_sub(1)
            .min(self.paras.len() - 1);
        let para = &self.paras[i];
        let Some(laid) = &para.laid else {
            return para.range.start.0;
        };
        let top = self.tops[i];
        let cursor = laid.galley.cursor_from_pos(pos - origin - vec2(0.0, top));
        let body = &text[para.range.as_std()];
        para.range.start.0 + byte_of(body, cursor.index.0)
    }

    /// The screen x range of a span edge, for grabbing it with the mouse.
    fn edge_rect(&self, text: &str, origin: Pos2, at: usize) -> Option<Rect> {
        let i = self.para_of(at);
        let para = &self.paras[i];
        let laid = para.laid.as_ref()?;
        let body = &text[para.range.as_std()];
        let rel = at.clamp(para.range.start.0, para.range.end.0) - para.range.start.0;
        let r = laid
            .galley
            .pos_from_cursor(egui::text::CCursor::new(char_of(body, rel)));
        Some(
            r.translate(origin.to_vec2() + vec2(0.0, self.tops[i]))
                .expand2(vec2(5.0, 0.0)),
        )
    }

    fn interact_ui(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        origin: Pos2,
        input: &ViewInput<'_>,
    ) -> ViewEvents {
        let mut events = ViewEvents::default();
        let text = input.text;
        let pointer = response.interact_pointer_pos().or(response.hover_pos());
        if response.drag_started() {
            let press = ui.input(|i| i.pointer.press_origin()).or(pointer);
            if let Some(press) = press {
                let mut drag = Drag::Select {
                    anchor: self.hit(text, origin, press),
                };
                if let Some(span) = input.selected.and_then(|id| input.annotations.get(id)) {
                    for (start_edge, at) in [(true, span.range.start.0), (false, span.range.end.0)]
                    {
                        if self
                            .edge_rect(text, origin, at)
                            .is_some_and(|r| r.contains(press))
                        {
                            drag = Drag::Resize {
                                id: span.id,
                                start_edge,
                            };
                        }
                    }
                }
                self.drag = Some(drag);
            }
        }
        if self.drag.is_some()
            && let Some(pos) = pointer
        {
            self.drag_now = Some(self.hit(text, origin, pos));
        }
        // Preview of the drag in progress (no edit until release).
        if let (Some(drag), Some(now)) = (self.drag, self.drag_now) {
            let painter = ui.painter();
            match drag {
                Drag::Select { anchor } => {
                    let range = ByteRange::new(anchor.min(now), anchor.max(now));
                    self.paint_range(painter, origin, text, range, input.palette.text_selection);
                }
                Drag::Resize { id, start_edge } => {
                    if let Some(r) = self.edge_rect(text, origin, now) {
                        painter.line_segment(
                            [r.center_top(), r.center_bottom()],
                            Stroke::new(3.0, input.palette.selected_outline),
                        );
                    }
                    let _ = (id, start_edge);
                }
            }
        }
        if response.drag_stopped() {
            if let (Some(drag), Some(now)) = (self.drag.take(), self.drag_now.take()) {
                match drag {
                    Drag::Select { anchor } if anchor != now => {
                        let alt = ui.input(|i| i.modifiers.alt);
                        events.selected =
                            Some((ByteRange::new(anchor.min(now), anchor.max(now)), alt));
                    }
                    Drag::Select { .. } => events.clicked = Some(now),
                    Drag::Resize { id, start_edge } => {
                        if let Some(span) = input.annotations.get(id) {
                            let range = if start_edge {
                                ByteRange::new(now, span.range.end.0)
                            } else {
                                ByteRange::new(span.range.start.0, now)
                            };
                            if range.is_valid_in(text) && range != span.range {
                                let alt = ui.input(|i| i.modifiers.alt);
                                events.resized = Some((id, range, alt));
                            }
                        }
                    }
                }
            }
            self.drag = None;
        }
        if response.clicked()
            && let Some(pos) = pointer
        {
            events.clicked = Some(self.hit(text, origin, pos));
        }
        if response.secondary_clicked()
            && let Some(pos) = pointer
        {
            events.secondary = Some(self.hit(text, origin, pos));
        }
        events
    }

    /// Fills `range` where it is laid out (drag previews).
    fn paint_range(
        &self,
        painter: &egui::Painter,
        origin: Pos2,
        text: &str,
        range: ByteRange,
        color: Color32,
    ) {
        let first = self.para_of(range.start.0);
        let last = self.para_of(range.end.0);
        for i in first..=last {
            let para = &self.paras[i];
            let Some(laid) = &para.laid else { continue };
            let body = &text[para.range.as_std()];
            let at = origin + vec2(0.0, self.tops[i]);
            for r in range_rects(body, para.range, &laid.galley, range) {
                painter.rect_filled(r.translate(at.to_vec2()), 0.0, color);
            }
        }
    }
}

/// Characters in `body[..byte]`.
fn char_of(body: &str, byte: usize) -> usize {
    body.get(..byte)
        .map_or_else(|| body.chars().count(), |s| s.chars().count())
}

/// The byte offset of character `ci` of `body`.
fn byte_of(body: &str, ci: usize) -> usize {
    body.char_indices().nth(ci).map_or(body.len(), |(b, _)| b)
}

/// Rectangles (galley coordinates) covering `range` within one paragraph.
fn range_rects(body: &str, para: ByteRange, galley: &Galley, range: ByteRange) -> Vec<Rect> {
    let s = range.start.0.max(para.start.0);
    let e = range.end.0.min(para.end.0);
    if s >= e {
        return Vec::new();
    }
    let a = char_of(body, s - para.start.0);
    let b = a + body[s - para.start.0..e - para.start.0].chars().count();
    let mut out = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let n = row.row.char_count_excluding_newline().0;
        let row_end = row_start + n;
        let (rs, re) = (a.max(row_start), b.min(row_end));
        if rs < re {
            let x0 = row.pos.x + row.row.x_offset(CharIndex(rs - row_start));
            let x1 = row.pos.x + row.row.x_offset(CharIndex(re - row_start));
            let r = row.rect();
            out.push(Rect::from_min_max(pos2(x0, r.min.y), pos2(x1, r.max.y)));
        }
        row_start = row_end + usize::from(row.ends_with_newline);
    }
    out
}

fn decor_of(body: &str, para: ByteRange, galley: &Galley, input: &ViewInput<'_>) -> Decor {
    let mut decor: Vec<(usize, SpanId, Vec<Rect>)> = input
        .index
        .overlapping(para)
        .filter_map(|id| {
            let span = input.annotations.get(id)?;
            let rects = range_rects(body, para, galley, span.range);
            (!rects.is_empty()).then_some((span.range.len(), id, rects))
        })
        .collect();
    decor.sort_by_key(|d| std::cmp::Reverse(d.0));
    decor
        .into_iter()
        .map(|(_, id, rects)| (id, rects))
        .collect()
}

fn dashed(painter: &egui::Painter, a: Pos2, b: Pos2, stroke: Stroke) {
    painter.extend(Shape::dashed_line(&[a, b], stroke, 4.0, 3.0));
}

fn paint_para(
    painter: &egui::Painter,
    at: Pos2,
    body: &str,
    para: ByteRange,
    galley: &Arc<Galley>,
    decor: &Decor,
    input: &ViewInput<'_>,
) {
    let offset = at.to_vec2();
    // Backgrounds: filled spans (longest first), then search, then selection.
    for (id, rects) in decor {
        let Some((span, shown)) = input.visible(*id) else {
            continue;
        };
        if !shown || mark_of(&span.label) != Mark::Fill {
            continue;
        }
        let fill = input
            .palette
            .span_fill(input.palette.label(input.labels, &span.label), span.status);
        for r in rects {
            painter.rect_filled(r.translate(offset), 2.0, fill);
        }
    }
    if !input.search.is_empty() {
        let first = input.search.partition_point(|m| m.end <= para.start);
        for (k, m) in input.search[first..]
            .iter()
            .enumerate()
            .take_while(|(_, m)| m.start < para.end)
        {
            let current = input.search_current == Some(first + k);
            let color = if current {
                input.palette.search_current
            } else {
                input.palette.search_other
            };
            for r in range_rects(body, para, galley, *m) {
                painter.rect_filled(r.translate(offset), 1.0, color);
            }
        }
    }
    if let Some(sel) = input.text_sel {
        for r in range_rects(body, para, galley, sel) {
            painter.rect_filled(r.translate(offset), 0.0, input.palette.text_selection);
        }
    }
    painter.galley(at, galley.clone(), input.palette.text);
    if let Some(compare) = input.compare {
        paint_compare(
            painter,
            offset,
            body,
            para,
            galley,
            compare,
            input.palette.compare,
        );
    }
    // Lines: underlined labels, and the dashed edge of every suggestion.
    for (id, rects) in decor {
        let Some((span, shown)) = input.visible(*id) else {
            continue;
        };
        let color = input.palette.label(input.labels, &span.label);
        if !shown {
            if span.status == Status::Rejected && Some(*id) == input.selected {
                for r in rects {
                    let r = r.translate(offset);
                    dashed(
                        painter,
                        r.left_bottom(),
                        r.right_bottom(),
                        Stroke::new(1.0, input.palette.weak_text),
                    );
                    painter.line_segment(
                        [r.left_center(), r.right_center()],
                        Stroke::new(1.0, input.palette.weak_text),
                    );
                }
            }
            continue;
        }
        let stroke = input.palette.span_stroke(color, span.status);
        for r in rects {
            let r = r.translate(offset);
            match (mark_of(&span.label), span.status) {
                (Mark::Underline, Status::Suggested) => {
                    let y = r.max.y + 0.5;
                    dashed(painter, pos2(r.min.x, y), pos2(r.max.x, y), stroke);
                }
                (Mark::Underline, _) => {
                    let y = r.max.y + 0.5;
                    painter.line_segment([pos2(r.min.x, y), pos2(r.max.x, y)], stroke);
                }
                (Mark::Fill, Status::Suggested) => {
                    let y = r.max.y - 1.0;
                    dashed(painter, pos2(r.min.x, y), pos2(r.max.x, y), stroke);
                }
                (Mark::Fill, _) => {}
            }
        }
    }
}

/// The comparison layer of one paragraph: the other editor's matched spans
/// as a thin line under the text, spans only they made outlined, and our
/// confirmed spans they lack outlined dashed.
fn paint_compare(
    painter: &egui::Painter,
    offset: egui::Vec2,
    body: &str,
    para: ByteRange,
    galley: &Galley,
    compare: &CompareView,
    color: Color32,
) {
    let thin = Stroke::new(1.0, color);
    for mark in compare.overlapping(para) {
        for r in range_rects(body, para, galley, mark.range) {
            let r = r.translate(offset);
            match mark.kind {
                MarkKind::Matched => {
                    let y = r.max.y + 3.0;
                    painter.line_segment([pos2(r.min.x, y), pos2(r.max.x, y)], thin);
                }
                MarkKind::TheirsOnly => {
                    painter.rect_stroke(r.expand(1.5), 1.0, thin, egui::StrokeKind::Outside);
                }
                MarkKind::OursOnly => {
                    let r = r.expand(1.5);
                    for (a, b) in [
                        (r.left_top(), r.right_top()),
                        (r.right_top(), r.right_bottom()),
                        (r.right_bottom(), r.left_bottom()),
                        (r.left_bottom(), r.left_top()),
                    ] {
                        dashed(painter, a, b, thin);
                    }
                }
            }
        }
    }
}
