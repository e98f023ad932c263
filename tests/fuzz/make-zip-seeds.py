#!/usr/bin/env python3
# make-zip-seeds.py — writes the seed corpus of fuzz-zip (corpus-zip/):
# small export zips, good and bad. The output is committed; run this again
# (python3 tests/fuzz/make-zip-seeds.py) only to change the seeds.
# SPDX-License-Identifier: GPL-3.0-or-later
import io
import json
import os
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus-zip')
WHEN = (2024, 6, 1, 10, 0, 0)


def conversation(title, cid, parts):
    return {
        'title': title, 'create_time': 1717236000.0, 'update_time': 1717236100.0,
        'id': cid, 'conversation_id': cid, 'current_node': 'a',
        'mapping': {
            'r': {'id': 'r', 'message': None, 'parent': None, 'children': ['q']},
            'q': {'id': 'q', 'parent': 'r', 'children': ['a'], 'message': {
                'id': 'q', 'author': {'role': 'user'}, 'create_time': 1717236010.0,
                'content': {'content_type': 'multimodal_text', 'parts': parts}}},
            'a': {'id': 'a', 'parent': 'q', 'children': [], 'message': {
                'id': 'a', 'author': {'role': 'assistant'}, 'create_time': 1717236020.0,
                'content': {'content_type': 'text', 'parts': ['A heron.']},
                'metadata': {'model_slug': 'gpt-4o'}}},
        },
    }


def image(pointer):
    return {'content_type': 'image_asset_pointer', 'asset_pointer': pointer}


CONVERSATIONS = json.dumps([
    conversation('Bird', 'z1', [image('file-service://file-Zip1'), image('sediment://file_00zip2'),
                                image('sediment://file_00gone'), 'What bird?']),
    {'title': 'Broken', 'id': 'z2'},
], separators=(',', ':')).encode()


def make(name, entries, compression=zipfile.ZIP_DEFLATED, force_zip64=False):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', compression) as z:
        for entry, data in entries:
            info = zipfile.ZipInfo(entry, WHEN)
            info.compress_type = compression
            with z.open(info, 'w', force_zip64=force_zip64) as f:
                f.write(data)
    return buf.getvalue()


def write(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)


def patch_size(data, entry, size):
    """Makes the zip claim @size bytes for @entry (local and central headers)."""
    data = bytearray(data)
    name = entry.encode()
    pos = 0
    while (pos := data.find(b'PK\x03\x04', pos)) >= 0:
        n = struct.unpack_from('<H', data, pos + 26)[0]
        if data[pos + 30:pos + 30 + n] == name:
            struct.pack_into('<I', data, pos + 22, size)
        pos += 4
    pos = 0
    while (pos := data.find(b'PK\x01\x02', pos)) >= 0:
        n = struct.unpack_from('<H', data, pos + 28)[0]
        if data[pos + 46:pos + 46 + n] == name:
            struct.pack_into('<I', data, pos + 24, size)
        pos += 4
    return bytes(data)


def zip64_claiming(entries, size):
    """A zip64 whose every entry claims @size bytes, in its local and its
    central header alike (four of 2**62 add up to 2**64: zero, wrapped)."""
    out = bytearray()
    central = bytearray()
    for name, data in entries:
        name = name.encode()
        crc = zlib.crc32(data)
        offset = len(out)
        extra = struct.pack('<HHQQ', 1, 16, size, len(data))
        out += struct.pack('<IHHHHHIIIHH', 0x04034b50, 45, 0, 0, 0, 0, crc, len(data), 0xFFFFFFFF,
                           len(name), len(extra)) + name + extra + data
        central += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 45, 45, 0, 0, 0, 0, crc, len(data),
                               0xFFFFFFFF, len(name), len(extra), 0, 0, 0, 0, offset) + name + extra
    start = len(out)
    out += central
    out += struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


def main():
    os.makedirs(OUT, exist_ok=True)
    files = [
        ('conversations.json', CONVERSATIONS),
        ('file-Zip1-heron.png', b'not really a png'),
        ('user-u1/file_00zip2-sanitized.jpg', b'not really a jpeg'),
        ('user.json', b'{"id":"user-u1"}'),
    ]
    write('export-deflate.zip', make('export', files))
    write('export-stored.zip', make('export', files, zipfile.ZIP_STORED))
    write('export-zip64.zip', make('export', files, zipfile.ZIP_STORED, force_zip64=True))
    write('export-nested.zip', make('export', [('Export/' + n, d) for n, d in files]))
    write('export-hostile-names.zip', make('export', [
        ('conversations.json', CONVERSATIONS),
        ('../../file-Zip1-up.png', b'up'),
        ('/abs/file_00zip2-\u202egpj.exe', b'abs'),
        ('file_00gone-a:b*c?d|e.png', b'reserved'),
    ]))
    write('export-duplicates.zip', make('export', [
        ('conversations.json', CONVERSATIONS),
        ('file-Zip1-a.png', b'first'),
        ('file-Zip1-a.png', b'second, longer'),
        ('conversations.json', b'[]'),
    ]))
    write('export-lying-size.zip', patch_size(make('export', [
        ('conversations.json', CONVERSATIONS),
        ('file-Zip1-heron.png', b'\0' * 4000),
    ]), 'file-Zip1-heron.png', 10))
    write('export-bad-crc.zip', make('export', files, zipfile.ZIP_STORED).replace(b'What bird?', b'What bird!'))
    write('no-conversations.zip', make('export', [('user.json', b'{}'), ('chat.html', b'<html></html>')]))
    write('empty.zip', make('export', []))
    write('bare.json', CONVERSATIONS)
    write('zip64-wrapping-sizes.zip', zip64_claiming([
        ('conversations.json', CONVERSATIONS), ('file-Zip1-a.png', b'a'),
        ('file-Zip3-b.png', b'b'), ('file-Zip4-c.png', b'c')], 2 ** 62))


if __name__ == '__main__':
    main()
