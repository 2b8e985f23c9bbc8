//! Python objects from the library's serde data model: what `serde_json` writes as the
//! CLI's JSON, made directly into the dicts, lists, strs and ints `json.loads` would
//! make of that text. A page of edits is hundreds of small dicts, so what repeats is
//! made once per call: the field names (interned), and short strings such as rule
//! names, reasons and the spaces edits remove. An edit's `id` never repeats and is not
//! kept.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyString};
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Impossible, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Strings up to this long (in bytes) are made once per call.
const SHORT: usize = 64;

/// Room for the field names.
const KEY_SLOTS: usize = 128;

/// FNV-1a: the look-ups are of a few bytes each, where SipHash's set-up is most of
/// the cost (the keys are the library's output, not an attacker's).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Makes values into Python objects, keeping the strings that repeat.
pub struct Builder<'py> {
    py: Python<'py>,
    /// The field names met so far, by address: a few dozen, each in the slot its
    /// address picks (a name that meets another in its slot takes it over).
    keys: [Option<(&'static str, Bound<'py, PyString>)>; KEY_SLOTS],
    strings: HashMap<Box<str>, Bound<'py, PyString>, BuildHasherDefault<Fnv>>,
}

impl<'py> Builder<'py> {
    pub fn new(py: Python<'py>) -> Self {
        Builder { py, keys: [const { None }; KEY_SLOTS], strings: HashMap::default() }
    }

    /// `value` as Python has it.
    pub fn build(&mut self, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
        value.serialize(Ser { b: self, keep: true }).map_err(|e| e.0)
    }

    fn key(&mut self, key: &'static str) -> Bound<'py, PyString> {
        let slot = &mut self.keys[(key.as_ptr() as usize >> 2) % KEY_SLOTS];
        match slot {
            Some((k, made)) if std::ptr::eq(*k, key) => made.clone(),
            _ => slot.insert((key, PyString::intern(self.py, key))).1.clone(),
        }
    }

    fn str(&mut self, s: &str, keep: bool) -> Bound<'py, PyAny> {
        if !keep || s.len() > SHORT {
            return PyString::new(self.py, s).into_any();
        }
        if let Some(kept) = self.strings.get(s) {
            return kept.clone().into_any();
        }
        let made = PyString::new(self.py, s);
        self.strings.insert(s.into(), made.clone());
        made.into_any()
    }
}

/// A value's serializer; `keep`: whether its string, if short, may be one made before.
struct Ser<'b, 'py> {
    b: &'b mut Builder<'py>,
    keep: bool,
}

/// A Python error, carried through serde.
#[derive(Debug)]
pub struct Error(PyErr);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(pyo3::exceptions::PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error(e)
    }
}

type Result<T> = std::result::Result<T, Error>;

fn unsupported<T>(what: &str) -> Result<T> {
    Err(ser::Error::custom(format!("newsmend has no Python form for {what}")))
}

fn int<'py>(py: Python<'py>, v: impl IntoPyObject<'py>) -> Result<Bound<'py, PyAny>> {
    v.into_bound_py_any(py).map_err(Error)
}

impl<'b, 'py> ser::Serializer for Ser<'b, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = List<'b, 'py>;
    type SerializeTuple = List<'b, 'py>;
    type SerializeTupleStruct = List<'b, 'py>;
    type SerializeTupleVariant = Impossible<Self::Ok, Error>;
    type SerializeMap = Dict<'b, 'py>;
    type SerializeStruct = Dict<'b, 'py>;
    type SerializeStructVariant = Impossible<Self::Ok, Error>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        int(self.b.py, v)
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok> {
        int(self.b.py, v)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok> {
        int(self.b.py, v)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok> {
        int(self.b.py, v)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok> {
        int(self.b.py, v)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok> {
        int(self.b.py, v)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok> {
        int(self.b.py, v)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok> {
        int(self.b.py, v)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok> {
        int(self.b.py, v)
    }
    /// As JSON has it: the shortest decimal that reads back as the f32, read as a float.
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        self.serialize_f64(v.to_string().parse().unwrap_or(f64::NAN))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        // JSON has no NaN or infinity: serde_json writes them as null.
        if !v.is_finite() {
            return Ok(self.b.py.None().into_bound(self.b.py));
        }
        Ok(PyFloat::new(self.b.py, v).into_any())
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        Ok(self.b.str(v.encode_utf8(&mut [0; 4]), true))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        Ok(self.b.str(v, self.keep))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok> {
        unsupported("bytes")
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Ok(self.b.py.None().into_bound(self.b.py))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Self::Ok> {
        Ok(self.b.key(variant).into_any())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        let dict = PyDict::new(self.b.py);
        let key = self.b.key(variant);
        dict.set_item(key, value.serialize(Ser { b: &mut *self.b, keep: true })?)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        Ok(List { b: self.b, keep: self.keep, items: Vec::with_capacity(len.unwrap_or(0)) })
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        unsupported("a tuple variant")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(Dict { dict: PyDict::new(self.b.py), b: self.b, key: None })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        unsupported("a struct variant")
    }
}

/// A list being made; its items keep short strings as the list itself does.
pub struct List<'b, 'py> {
    b: &'b mut Builder<'py>,
    keep: bool,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> List<'_, 'py> {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let item = value.serialize(Ser { b: &mut *self.b, keep: self.keep })?;
        self.items.push(item);
        Ok(())
    }

    fn done(self) -> Result<Bound<'py, PyAny>> {
        Ok(PyList::new(self.b.py, self.items)?.into_any())
    }
}

impl<'py> ser::SerializeSeq for List<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.done()
    }
}

impl<'py> ser::SerializeTuple for List<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.done()
    }
}

impl<'py> ser::SerializeTupleStruct for List<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.done()
    }
}

/// A dict being made (a struct's or a map's).
pub struct Dict<'b, 'py> {
    b: &'b mut Builder<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeStruct for Dict<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<()> {
        // An id is the one short string that never repeats: not worth keeping.
        let value = value.serialize(Ser { b: &mut *self.b, keep: key != "id" })?;
        self.dict.set_item(self.b.key(key), value)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeMap for Dict<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.key = Some(key.serialize(Ser { b: &mut *self.b, keep: true })?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let value = value.serialize(Ser { b: &mut *self.b, keep: true })?;
        let key = self.key.take().ok_or_else(|| <Error as ser::Error>::custom("a map value without its key"))?;
        self.dict.set_item(key, value)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.dict.into_any())
    }
}
