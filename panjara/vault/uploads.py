"""Receiving an upload for the vault. Django's default handlers would write a large upload to a
temporary file, whole, however large it is; this one keeps at most the vault's limit (plus one
byte, to know it was exceeded) in memory, counts the rest and drops it, so an oversized file is
refused by its size without being stored anywhere, and the content that is kept goes straight to
encryption."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers


class CappedMemoryUploadHandler(FileUploadHandler):
    def __init__(self, request=None, *, limit: int, field: str = "file") -> None:
        super().__init__(request)
        self.limit = limit
        self.field = field
        self.files_seen = 0
        self.buffer: io.BytesIO | None = None
        self.kept = 0

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.files_seen += 1
        # One file per form: any other file part (a crafted request) is read and thrown away.
        self.buffer = io.BytesIO() if field_name == self.field and self.files_seen == 1 else None
        self.kept = 0
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        if self.buffer is not None and self.kept <= self.limit:
            room = self.limit + 1 - self.kept
            self.buffer.write(raw_data[:room])
            self.kept += min(len(raw_data), room)
        return None

    def file_complete(self, file_size):
        if self.buffer is None:
            return None
        self.buffer.seek(0)
        # size is what arrived, not what was kept: the view refuses by it before reading.
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
