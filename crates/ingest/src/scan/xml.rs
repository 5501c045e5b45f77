//! A safe, streaming XML reader for scanner reports.
//!
//! Built on quick-xml, which never expands entities: this reader refuses any
//! `<!DOCTYPE …>` (so no DTD, no entity definitions, no "billion laughs"),
//! resolves only the five predefined entities and character references, and
//! rejects any other `&name;`. Elements the importers need are collected as
//! small trees ([`Elem`]), one report item at a time, so memory follows the
//! size of one item, not of the file. Text kept per element is capped.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

use super::{ScanError, SIZE_CAP_TEXT};

/// One element with its attributes, direct text and children.
#[derive(Debug, Default, Clone)]
pub struct Elem {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Elem>,
    /// Byte offset of the start tag in the file.
    pub offset: u64,
}

impl Elem {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&Elem> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Elem> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Trimmed text of a child, if present and not blank.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim()).filter(|t| !t.is_empty())
    }

    /// Trimmed direct text, if not blank.
    pub fn trimmed(&self) -> Option<&str> {
        Some(self.text.trim()).filter(|t| !t.is_empty())
    }
}

/// What the stream yields.
pub enum Item {
    /// A start tag (or an empty element, followed by its `End`).
    Start(Elem),
    End,
    Text(String),
    Eof,
}

/// Largest single XML event (a tag, a text node, a comment) read into
/// memory. quick-xml buffers an event whole, so without this a report with
/// one huge text node would need as much memory as the node; real reports'
/// largest texts are a few hundred KiB.
pub(crate) const MAX_EVENT_BYTES: u64 = 8 << 20;

/// A reader that refuses to hand out more than [`MAX_EVENT_BYTES`] between
/// two calls of [`EventLimit::next_event`].
struct EventLimit<R> {
    inner: R,
    consumed: u64,
}

impl<R> EventLimit<R> {
    fn next_event(&mut self) {
        self.consumed = 0;
    }
}

/// The message of the error [`EventLimit`] raises, recognised by `next`.
const EVENT_TOO_LARGE: &str = "xml event too large";

impl<R: std::io::Read> std::io::Read for EventLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for EventLimit<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.consumed > MAX_EVENT_BYTES {
            return Err(std::io::Error::other(EVENT_TOO_LARGE));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

pub struct XmlStream<R: BufRead> {
    reader: quick_xml::Reader<EventLimit<R>>,
    buf: Vec<u8>,
    file: String,
    /// Names of the open elements.
    pub stack: Vec<String>,
    pending_end: bool,
}

impl<R: BufRead> XmlStream<R> {
    pub fn new(file: &str, input: R) -> Self {
        let mut reader = quick_xml::Reader::from_reader(EventLimit { inner: input, consumed: 0 });
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        XmlStream {
            reader,
            buf: Vec::with_capacity(8192),
            file: file.to_string(),
            stack: Vec::new(),
            pending_end: false,
        }
    }

    fn start_elem(
        file: &str,
        decoder: quick_xml::encoding::Decoder,
        e: &BytesStart<'_>,
        offset: u64,
    ) -> Result<Elem, ScanError> {
        let name = String::from_utf8_lossy(local(e.name().as_ref())).into_owned();
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| {
                ScanError::at_offset(
                    file,
                    offset,
                    "malformed",
                    format!("thuộc tính XML lỗi: {err}"),
                    format!("bad XML attribute: {err}"),
                )
            })?;
            let key = String::from_utf8_lossy(local(a.key.as_ref())).into_owned();
            let value = a.decode_and_unescape_value(decoder).map_err(|err| {
                ScanError::at_offset(
                    file,
                    offset,
                    "entity_forbidden",
                    format!("giá trị thuộc tính {key} dùng thực thể không được phép ({err})"),
                    format!("attribute {key} uses a forbidden entity ({err})"),
                )
            })?;
            attrs.push((key, value.into_owned()));
        }
        Ok(Elem { name, attrs, text: String::new(), children: Vec::new(), offset })
    }

    /// The next item. Errors name the byte offset (turned into a line later).
    pub fn next(&mut self) -> Result<Item, ScanError> {
        if self.pending_end {
            self.pending_end = false;
            self.stack.pop();
            return Ok(Item::End);
        }
        loop {
            self.buf.clear();
            // Small events share the buffer's capacity; one that grew it
            // past the limit's worth is not kept around.
            if self.buf.capacity() > (1 << 20) {
                self.buf = Vec::with_capacity(8192);
            }
            self.reader.get_mut().next_event();
            let offset = self.reader.buffer_position();
            let decoder = self.reader.decoder();
            let file = self.file.as_str();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(e) => e,
                Err(err) => {
                    let at = self.reader.error_position();
                    let (code, vi, en) = match &err {
                        quick_xml::Error::Io(io) if io.to_string() == EVENT_TOO_LARGE => {
                            return Err(ScanError::at_offset(
                                file,
                                offset,
                                "too_large",
                                format!(
                                    "một phần tử XML (thẻ, văn bản hoặc chú thích) dài hơn {} MiB; báo cáo dò quét không có phần tử như vậy — tệp hỏng hoặc không phải báo cáo",
                                    MAX_EVENT_BYTES >> 20
                                ),
                                format!(
                                    "one XML item (tag, text or comment) is longer than {} MiB; scanner reports have none — the file is damaged or not a report",
                                    MAX_EVENT_BYTES >> 20
                                ),
                            ));
                        }
                        quick_xml::Error::Io(io) => {
                            return Err(ScanError::io(file, io));
                        }
                        quick_xml::Error::Syntax(s) if self.stack.is_empty() || is_eof_syntax(s) => (
                            "truncated",
                            format!("tệp XML bị cắt cụt hoặc hỏng ({s})"),
                            format!("truncated or broken XML ({s})"),
                        ),
                        other => {
                            ("malformed", format!("XML không hợp lệ ({other})"), format!("malformed XML ({other})"))
                        }
                    };
                    return Err(ScanError::at_offset(file, at, code, vi, en));
                }
            };
            match event {
                Event::Start(e) => {
                    let elem = Self::start_elem(file, decoder, &e, offset)?;
                    self.stack.push(elem.name.clone());
                    return Ok(Item::Start(elem));
                }
                Event::Empty(e) => {
                    let elem = Self::start_elem(file, decoder, &e, offset)?;
                    self.stack.push(elem.name.clone());
                    self.pending_end = true;
                    return Ok(Item::Start(elem));
                }
                Event::End(_) => {
                    self.stack.pop();
                    return Ok(Item::End);
                }
                Event::Text(t) => {
                    let s = t.decode().map_err(|err| {
                        ScanError::at_offset(
                            file,
                            offset,
                            "not_utf8",
                            format!("văn bản không phải UTF-8 ({err})"),
                            format!("text is not UTF-8 ({err})"),
                        )
                    })?;
                    return Ok(Item::Text(s.into_owned()));
                }
                Event::CData(t) => {
                    let s = t.decode().map_err(|err| {
                        ScanError::at_offset(
                            file,
                            offset,
                            "not_utf8",
                            format!("văn bản không phải UTF-8 ({err})"),
                            format!("text is not UTF-8 ({err})"),
                        )
                    })?;
                    return Ok(Item::Text(s.into_owned()));
                }
                Event::GeneralRef(r) => {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        Ok(None) => predefined(&name).map(str::to_string),
                        Err(_) => None,
                    };
                    return match resolved {
                        Some(s) => Ok(Item::Text(s)),
                        None => Err(ScanError::at_offset(
                            file,
                            offset,
                            "entity_forbidden",
                            format!("thực thể &{name}; không được phép (chỉ chấp nhận &lt; &gt; &amp; &apos; &quot; và &#…;)"),
                            format!("entity &{name}; is not allowed (only &lt; &gt; &amp; &apos; &quot; and &#…; are)"),
                        )),
                    };
                }
                Event::DocType(_) => {
                    return Err(ScanError::at_offset(
                        file,
                        offset,
                        "dtd_forbidden",
                        "tệp có khai báo DOCTYPE/DTD; báo cáo dò quét không cần DTD và DTD có thể chứa thực thể độc hại (XML bomb), nên bị từ chối",
                        "the file has a DOCTYPE/DTD; scanner reports need none and a DTD can define malicious entities (XML bomb), so it is refused",
                    ));
                }
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => {
                    if let Some(open) = self.stack.last() {
                        let at = self.reader.buffer_position();
                        return Err(ScanError::at_offset(
                            file,
                            at,
                            "truncated",
                            format!("tệp XML bị cắt cụt: phần tử <{open}> chưa được đóng"),
                            format!("truncated XML: element <{open}> is not closed"),
                        ));
                    }
                    return Ok(Item::Eof);
                }
            }
        }
    }

    /// Reads the rest of the element just started (`elem`), children and
    /// text included, up to its end tag.
    pub fn subtree(&mut self, mut elem: Elem) -> Result<Elem, ScanError> {
        loop {
            match self.next()? {
                Item::Start(child) => {
                    let child = self.subtree(child)?;
                    elem.children.push(child);
                }
                Item::Text(t) => {
                    if elem.text.len() < SIZE_CAP_TEXT {
                        elem.text.push_str(&t);
                    }
                }
                Item::End => return Ok(elem),
                Item::Eof => return Ok(elem), // unreachable: Eof inside an element is an error
            }
        }
    }

    /// Skips the rest of the element just started.
    pub fn skip(&mut self) -> Result<(), ScanError> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Item::Start(_) => depth += 1,
                Item::End => depth -= 1,
                Item::Text(_) => {}
                Item::Eof => return Ok(()),
            }
        }
        Ok(())
    }
}

fn is_eof_syntax(s: &quick_xml::errors::SyntaxError) -> bool {
    format!("{s:?}").contains("Unclosed")
}

/// The local part of a possibly prefixed name (`cm:compliance` → `compliance`).
fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn predefined(name: &str) -> Option<&'static str> {
    match name {
        "lt" => Some("<"),
        "gt" => Some(">"),
        "amp" => Some("&"),
        "apos" => Some("'"),
        "quot" => Some("\""),
        _ => None,
    }
}
