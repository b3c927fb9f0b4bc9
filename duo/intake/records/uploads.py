"""Receiving a spreadsheet of people without writing it to disk.

Django keeps an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE in a temporary file: a list of
people would then lie on the server's disk in plain text. The import page replaces the upload
handlers with this one, which keeps the file in memory up to a limit and drops it beyond.
"""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class MemoryOnlyUpload(FileUploadHandler):
    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.buffer = None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        if self.buffer.tell() + len(raw_data) > self.limit:
            self.request.upload_too_big = True
            self.buffer = io.BytesIO()
            raise SkipFile  # Django reads the rest of this file and drops it
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer, field_name=self.field_name, name=self.file_name, content_type=self.content_type,
            size=file_size, charset=self.charset, content_type_extra=self.content_type_extra,
        )
