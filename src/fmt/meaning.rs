//! What a piece of policy means, as bytes that can be compared: its syntax
//! tree and parse diagnostics, written out as they are serialised with every
//! source position ([`Span`](crate::span::Span)) left out.
//!
//! The formatter compares the original and the formatted text this way,
//! declarations a few kilobytes at a time: the whole tree was once turned
//! into a JSON value, twice (a hundred times the file's size in memory).

use serde::Serialize;
use serde::ser;

use crate::span::FileId;
use crate::syntax;

/// The meaning of `text` (declarations only, no syntax errors expected):
/// its tree and its parse diagnostics (code and message), without spans.
pub(super) fn meaning(text: &str) -> Vec<u8> {
    let parsed = syntax::parse(FileId(0), text);
    let mut writer = Writer::default();
    // Writing into a vector cannot fail; an error would only end the
    // encoding early, and both texts are encoded the same way.
    let _ = parsed.file.serialize(&mut writer);
    for diagnostic in &parsed.diagnostics {
        let _ = (diagnostic.code.info().code, diagnostic.message.as_str()).serialize(&mut writer);
    }
    writer.out
}

/// A serializer that writes a compact, unambiguous encoding: a tag byte per
/// value, lengths before strings, and an end mark after sequences, maps and
/// structures (whose lengths are not always known up front).
#[derive(Default)]
struct Writer {
    out: Vec<u8>,
}

#[derive(Debug)]
struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

const END: u8 = 0xff;

impl Writer {
    fn tag(&mut self, tag: u8) {
        self.out.push(tag);
    }

    fn bytes(&mut self, tag: u8, bytes: &[u8]) {
        self.out.push(tag);
        self.out
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.out.extend_from_slice(bytes);
    }

    fn number(&mut self, tag: u8, bytes: &[u8]) {
        self.out.push(tag);
        self.out.extend_from_slice(bytes);
    }
}

/// The sequences, maps and structures being written; `skip` for a span,
/// whose fields are left out.
struct Compound<'w> {
    writer: &'w mut Writer,
    skip: bool,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if self.skip {
            return Ok(());
        }
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        if self.skip {
            return Ok(());
        }
        self.writer.bytes(b'k', key.as_bytes());
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        if !self.skip {
            self.writer.tag(END);
        }
        Ok(())
    }
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.number(b'b', &[u8::from(v)]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.number(b'i', &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.number(b'u', &v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.number(b'f', &v.to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.number(b'c', &u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.bytes(b's', v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.bytes(b'y', v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.tag(b'n');
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.tag(b'o');
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.tag(b'0');
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Error> {
        self.bytes(b'U', name.as_bytes());
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.bytes(b'v', variant.as_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.bytes(b'V', variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w>, Error> {
        self.tag(b'[');
        Ok(Compound {
            writer: self,
            skip: false,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'w>, Error> {
        self.bytes(b'V', variant.as_bytes());
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w>, Error> {
        self.tag(b'{');
        Ok(Compound {
            writer: self,
            skip: false,
        })
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'w>, Error> {
        // A span says where, not what: it is left out, with its key.
        let skip = name == "Span";
        if !skip {
            self.tag(b'(');
        }
        Ok(Compound { writer: self, skip })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, Error> {
        self.bytes(b'V', variant.as_bytes());
        self.tag(b'(');
        Ok(Compound {
            writer: self,
            skip: false,
        })
    }
}

/// The compound traits of serde differ only in the name of the method that
/// takes the next element or field.
macro_rules! compound {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    };
    ($trait:ident, $method:ident, named) => {
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    };
}

compound!(SerializeSeq, serialize_element);
compound!(SerializeTuple, serialize_element);
compound!(SerializeTupleStruct, serialize_field);
compound!(SerializeTupleVariant, serialize_field);
compound!(SerializeStruct, serialize_field, named);
compound!(SerializeStructVariant, serialize_field, named);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.element(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::meaning;

    #[test]
    fn spans_do_not_count_and_everything_else_does() {
        let a = meaning("data a, b\npurpose p \"x\" { retain 5 years }\n");
        let moved = meaning("\n\n  data a ,\n b\npurpose   p \"x\" {\n retain 5 years }\n");
        assert_eq!(a, moved);
        for other in [
            "data a, c\npurpose p \"x\" { retain 5 years }\n",
            "data a, b\npurpose p \"y\" { retain 5 years }\n",
            "data a, b\npurpose p \"x\" { retain 6 years }\n",
            "data a\ndata b\npurpose p \"x\" { retain 5 years }\n",
        ] {
            assert_ne!(a, meaning(other), "{other}");
        }
    }
}
