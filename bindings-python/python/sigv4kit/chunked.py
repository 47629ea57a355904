"""Chunked uploads (``Content-Encoding: aws-chunked``) from Python: the body
as a generator that frames, and signs, one chunk at a time.

``Signer.sign_chunked`` signs the head and returns a ``ChunkedUpload``:
send ``upload.headers`` with ``upload.body``, which ``requests`` takes as
``data=`` and ``httpx`` as ``content=`` (its ``len()`` is the framed
length, so both send a ``Content-Length``, never ``Transfer-Encoding``)::

    upload = signer.sign_chunked("PUT", url, open("big.bin", "rb"))
    requests.put(upload.url, data=upload.body, headers=upload.headers)

The framing and the signatures are the core's (``ChunkedEncoder``); this
module only reads the source (bytes, a binary file, or an iterable of
bytes) in pieces.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Iterable, Iterator, Union

    from ._native import ChunkedEncoder, SignedRequest

    Source = Union[bytes, bytearray, memoryview, IO[bytes], Iterable[bytes]]

__all__ = ["ChunkedBody", "ChunkedUpload", "decoded_length_of"]


def decoded_length_of(source: Source) -> int | None:
    """The number of bytes ``source`` holds from where it stands, when that
    can be known without reading it: bytes-like objects, and seekable or
    regular files. ``None`` for other iterables."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return memoryview(source).nbytes
    tell = getattr(source, "tell", None)
    seek = getattr(source, "seek", None)
    if tell is not None and seek is not None:
        try:
            here = tell()
            end = seek(0, os.SEEK_END)
            seek(here)
            return int(end - here)
        except (OSError, ValueError):
            return None
    return None


def _pieces(source: Source, size: int) -> Iterator[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        view = memoryview(source).cast("B")
        for at in range(0, len(view), size):
            yield bytes(view[at : at + size])
        return
    read = getattr(source, "read", None)
    if read is not None:
        while True:
            piece = read(size)
            if not piece:
                return
            yield bytes(piece)
    for piece in source:
        if not isinstance(piece, (bytes, bytearray, memoryview)):
            raise TypeError(f"a chunked body's pieces must be bytes, not {type(piece).__name__}")
        yield bytes(piece)


class ChunkedBody:
    """The framed body: iterate it (once) for the bytes to send, in order.
    ``len()`` is the ``Content-Length``. It holds one chunk at a time; a
    source that yields more or fewer bytes than were declared raises
    ``InvalidPayloadError``."""

    __slots__ = ("_chunk_size", "_encoder", "_source", "_used")

    def __init__(self, encoder: ChunkedEncoder, source: Source, chunk_size: int) -> None:
        self._encoder = encoder
        self._source = source
        self._chunk_size = chunk_size
        self._used = False

    def __len__(self) -> int:
        return self._encoder.encoded_length

    def __iter__(self) -> Iterator[bytes]:
        if self._used:
            raise RuntimeError("a chunked body is sent once: sign the upload again to retry")
        self._used = True
        return self._frames()

    def _frames(self) -> Iterator[bytes]:
        write = self._encoder.write
        for piece in _pieces(self._source, self._chunk_size):
            framed = write(piece)
            if framed:
                yield framed
        yield self._encoder.finish()

    def __repr__(self) -> str:
        return f"ChunkedBody(length={len(self)})"


class ChunkedUpload:
    """A signed chunked upload: send ``headers`` and ``body`` to ``url``."""

    __slots__ = ("body", "signed")

    def __init__(self, signed: SignedRequest, body: ChunkedBody) -> None:
        self.signed = signed
        self.body = body

    @property
    def method(self) -> str:
        return self.signed.method

    @property
    def url(self) -> str:
        return self.signed.url

    @property
    def headers(self) -> dict[str, str]:
        """Every header to send, the plan's and the signature's included."""
        return self.signed.headers

    def __repr__(self) -> str:
        return f"ChunkedUpload(method={self.method!r}, url={self.url!r}, body={self.body!r})"
