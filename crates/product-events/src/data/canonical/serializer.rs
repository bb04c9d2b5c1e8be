//! The `serde::Serializer` of [`Writer`]: scalars written as serde_json writes them,
//! arrays, and objects whose entries [`Writer`] keeps and sorts.

use std::fmt::{self, Write as _};

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::{Refused, Writer};
use crate::data::string::{needs_escaping, push_escaped};

/// An array being written.
pub(crate) struct Array<'a> {
    writer: &'a mut Writer,
    first: bool,
}

/// An object being written: where its text and its entries begin.
pub(crate) struct Object<'a> {
    writer: &'a mut Writer,
    body: usize,
    first: usize,
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Refused;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Impossible<(), Refused>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Impossible<(), Refused>;

    fn serialize_bool(self, value: bool) -> Result<(), Refused> {
        self.text.push_str(if value { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, value: i8) -> Result<(), Refused> {
        self.serialize_i64(value.into())
    }
    fn serialize_i16(self, value: i16) -> Result<(), Refused> {
        self.serialize_i64(value.into())
    }
    fn serialize_i32(self, value: i32) -> Result<(), Refused> {
        self.serialize_i64(value.into())
    }
    fn serialize_i64(self, value: i64) -> Result<(), Refused> {
        self.number(value);
        Ok(())
    }
    fn serialize_u8(self, value: u8) -> Result<(), Refused> {
        self.serialize_u64(value.into())
    }
    fn serialize_u16(self, value: u16) -> Result<(), Refused> {
        self.serialize_u64(value.into())
    }
    fn serialize_u32(self, value: u32) -> Result<(), Refused> {
        self.serialize_u64(value.into())
    }
    fn serialize_u64(self, value: u64) -> Result<(), Refused> {
        self.number(value);
        Ok(())
    }
    // A float is written the same, but serde_json reads some back one bit off: a model
    // with floats keeps its Value, so that the data reads as exactly what was built.
    fn serialize_f32(self, _: f32) -> Result<(), Refused> {
        Err(Refused)
    }
    fn serialize_f64(self, _: f64) -> Result<(), Refused> {
        Err(Refused)
    }
    fn serialize_char(self, value: char) -> Result<(), Refused> {
        self.serialize_str(value.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, value: &str) -> Result<(), Refused> {
        if needs_escaping(value) {
            self.escaped(value)
        } else {
            self.text.push('"');
            self.text.push_str(value);
            self.text.push('"');
            Ok(())
        }
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Refused> {
        Err(Refused)
    }
    fn serialize_none(self) -> Result<(), Refused> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Refused> {
        if self.in_key {
            return Err(Refused);
        }
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Refused> {
        self.text.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Refused> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Refused> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Refused> {
        Err(Refused)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Array<'a>, Refused> {
        self.nest('[')?;
        Ok(Array { writer: self, first: true })
    }
    fn serialize_tuple(self, len: usize) -> Result<Array<'a>, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Array<'a>, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Refused> {
        Err(Refused)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Object<'a>, Refused> {
        self.nest('{')?;
        let (body, first) = (self.text.len(), self.entries.len());
        Ok(Object { writer: self, body, first })
    }
    fn serialize_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<Object<'a>, Refused> {
        // serde_json's raw values and arbitrary-precision numbers are structs by a
        // private name that only its own serializers understand.
        if name.starts_with("$serde_json::") {
            return Err(Refused);
        }
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Refused> {
        Err(Refused)
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Refused> {
        // Written in place (a time, an id), not through a `String` of its own.
        let start = self.text.len();
        self.text.push('"');
        let _ = write!(self.text, "{value}");
        if needs_escaping(&self.text[start + 1..]) {
            let raw = self.text.split_off(start + 1);
            self.text.truncate(start);
            self.escaped(&raw)
        } else {
            self.text.push('"');
            Ok(())
        }
    }
}

impl Writer {
    /// A string with a quote, a backslash or a control character, escaped as serde_json
    /// escapes it; as a key, refused, since the Value sorts it by its unescaped text.
    fn escaped(&mut self, value: &str) -> Result<(), Refused> {
        if self.in_key {
            return Err(Refused);
        }
        push_escaped(&mut self.text, value);
        Ok(())
    }
}

impl ser::SerializeSeq for Array<'_> {
    type Ok = ();
    type Error = Refused;

    fn serialize_element<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Refused> {
        if !std::mem::take(&mut self.first) {
            self.writer.text.push(',');
        }
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Refused> {
        self.writer.text.push(']');
        self.writer.depth -= 1;
        Ok(())
    }
}

impl ser::SerializeTuple for Array<'_> {
    type Ok = ();
    type Error = Refused;

    fn serialize_element<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Refused> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Refused> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Array<'_> {
    type Ok = ();
    type Error = Refused;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Refused> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Refused> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Refused;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Refused> {
        self.writer.key(self.first, key)
    }
    fn serialize_value<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Refused> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Refused> {
        self.writer.end_object(self.body, self.first)
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = ();
    type Error = Refused;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        self.writer.field(self.first, key)?;
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Refused> {
        self.writer.end_object(self.body, self.first)
    }
}
