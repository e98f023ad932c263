#!/usr/bin/env python3
# gen-export.py — a deterministic, realistic synthetic ChatGPT data export
#
#   gen-export.py --size 200M --out DIR [--seed N] [--json] [--images-ratio R]
#
# Writes DIR/export.zip: conversations.json (one line, like real exports),
# user.json, message_feedback.json, shared_conversations.json and the image
# files the conversations point to (file-service:// and sediment://
# pointers; about 3 % of them are missing on purpose, as in real exports).
# With --json, DIR/conversations.json is written too (the same bytes), for
# comparing with other parsers.
#
# The conversations are like real ones: a root, a hidden system message,
# sometimes custom instructions, user/assistant turns, edited questions and
# regenerated answers (branches), python code and its execution output,
# DALL·E images and uploaded images (multimodal_text), web quotes,
# reasoning, long Markdown answers with code blocks, lists and tables, text
# in English, Turkish and Arabic with emoji, and sizes from a few hundred
# bytes to several megabytes. Output is streamed conversation by
# conversation: memory stays small whatever the size. The same --seed and
# --size give byte-identical files.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import random
import sys
import time
import uuid
import zipfile

FIXED_DATE = (2025, 6, 1, 12, 0, 0)

EN = ("the a of to and in is that for it with as on this be by are or from at not have an can which you "
      "your data function value file server request response error model table list string number user "
      "system memory thread process buffer stream parser output input result example first second next "
      "because however therefore instead usually often quickly simply carefully deploy cluster service "
      "query index cache network latency throughput container image build release version config option "
      "test case bug fix change commit branch merge review budget plan travel recipe garden history "
      "language grammar essay summary chapter argument evidence theory experiment measure sample").split()
TR = ("ve bir bu için ile çok daha gibi olarak ama şimdi değil ğüzel şehir yolculuk ölçüm işlem dosya "
      "sunucu yanıt hata düğüm ağaç çıktı girdi öğrenci öğretmen kitap çözüm sorun ışık göğüs üzüm "
      "çalışma düşünce İstanbul Ankara ağustos eylül kasım yüzde sayı değer").split()
AR = ("في من على إلى عن مع هذا هذه التي الذي كان يكون البيانات الملف الخادم الطلب الاستجابة خطأ "
      "النموذج الجدول القائمة المستخدم النظام الذاكرة السؤال الجواب مثال أولا ثانيا لأن لكن").split()
EMOJI = ["😀", "🚀", "✅", "❤️", "🎉", "👍", "🤔", "📦", "🔥", "🌍", "🇹🇷", "👩‍💻", "☕", "⚠️", "📈"]
MODELS = ["gpt-4o", "gpt-4", "text-davinci-002-render-sha", "gpt-4o-mini", "o1", "gpt-5-thinking", "o3"]
LANGS = ["python", "javascript", "bash", "c", "sql", "json", "rust", "go"]
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def parse_size(text):
    text = text.strip().upper().rstrip("B")
    mult = 1
    if text and text[-1] in "KMGT":
        mult = 1024 ** ("KMGT".index(text[-1]) + 1)
        text = text[:-1]
    return int(float(text) * mult)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        r = self.r
        # Pools of sentences: drawing from them is fast, and the text still
        # varies enough to compress like real text (about 4-8x).
        self.sent_en = [self._sentence(EN, 6, 24) for _ in range(6000)]
        self.sent_tr = [self._sentence(TR, 5, 16) for _ in range(1500)]
        self.sent_ar = [self._sentence(AR, 5, 16, period="۔") for _ in range(1500)]
        self.code_lines = [self._code_line() for _ in range(3000)]
        self.t = 1670000000.0 + r.random() * 1000
        self.images = []        # (entry name, size) of files to put in the zip
        self.missing = 0
        self.user_id = "user-" + self._alnum(24)

    # small pieces

    def _alnum(self, n):
        r = self.r
        return "".join(r.choice(ALNUM) for _ in range(n))

    def _hex(self, n):
        return "%0*x" % (n, self.r.getrandbits(4 * n))

    def _uuid(self):
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def _sentence(self, words, lo, hi, period="."):
        r = self.r
        n = r.randint(lo, hi)
        s = " ".join(r.choice(words) for _ in range(n))
        s = s[0].upper() + s[1:]
        if r.random() < 0.08:
            s += " " + r.choice(EMOJI)
        if r.random() < 0.15:
            s += " `" + r.choice(words) + "_" + r.choice(words) + "()`"
        if r.random() < 0.1:
            s = "**" + s + "**"
        return s + period

    def _code_line(self):
        r = self.r
        w = lambda: r.choice(EN[20:80])
        forms = [
            lambda: "%s = %s(%s, %d)" % (w(), w(), w(), r.randint(0, 999)),
            lambda: "for %s in %s:" % (w(), w()),
            lambda: "    if %s < %d: return %s[\"%s\"]" % (w(), r.randint(0, 99), w(), w()),
            lambda: "printf(\"%%s: %%d\\n\", %s, %s->%s);" % (w(), w(), w()),
            lambda: "# %s %s %s <%s> & \"%s\"" % (w(), w(), w(), w(), w()),
            lambda: "const %s = await fetch(`/api/%s/${%s}`);" % (w(), w(), w()),
            lambda: "SELECT %s, COUNT(*) FROM %s WHERE %s > %d GROUP BY 1;" % (w(), w(), w(), r.randint(0, 9)),
            lambda: "    %s.%s(%s)  // %s" % (w(), w(), w(), w()),
        ]
        return r.choice(forms)()

    def paragraph(self, lang, n=None):
        r = self.r
        pool = {"en": self.sent_en, "tr": self.sent_tr, "ar": self.sent_ar}[lang]
        n = n or r.randint(2, 7)
        return " ".join(r.choice(pool) for _ in range(n))

    def code(self, n):
        r = self.r
        return "\n".join(r.choice(self.code_lines) for _ in range(n))

    def lang(self):
        x = self.r.random()
        return "en" if x < 0.8 else ("tr" if x < 0.92 else "ar")

    def lognorm(self, mu, sigma, lo, hi):
        return int(min(hi, max(lo, self.r.lognormvariate(mu, sigma))))

    def markdown_answer(self, lang, blocks):
        r = self.r
        out = []
        for i in range(blocks):
            x = r.random()
            if x < 0.45:
                out.append(self.paragraph(lang))
            elif x < 0.55:
                out.append("#" * r.randint(2, 4) + " " + self.paragraph(lang, 1).rstrip("."))
            elif x < 0.72:
                lines = [("%d. " % (k + 1) if r.random() < 0.5 else "- ") + self.paragraph(lang, 1)
                         for k in range(r.randint(2, 8))]
                out.append("\n".join(lines))
            elif x < 0.88:
                l = r.choice(LANGS)
                out.append("```" + l + "\n" + self.code(self.lognorm(2.3, 0.8, 2, 200)) + "\n```")
            elif x < 0.95:
                cols = r.randint(2, 5)
                rows = ["| " + " | ".join(r.choice(EN) for _ in range(cols)) + " |",
                        "|" + "---|" * cols]
                for _ in range(r.randint(2, 12)):
                    rows.append("| " + " | ".join(str(r.randint(0, 9999)) if r.random() < 0.4 else r.choice(EN)
                                                  for _ in range(cols)) + " |")
                out.append("\n".join(rows))
            else:
                out.append("> " + self.paragraph(lang, 2))
        return "\n\n".join(out)

    def now(self):
        self.t += self.r.expovariate(1 / 40.0)
        return round(self.t, 6)

    # attachments

    def image_pointer(self, dalle=False):
        r = self.r
        if r.random() < 0.5:
            fid = "file-" + self._alnum(24)
            pointer = "file-service://" + fid
            if dalle:
                entry = "dalle-generations/%s-%s.webp" % (fid, self._uuid())
            else:
                entry = "%s-%s.png" % (fid, r.choice(["screenshot", "photo", "Ekran görüntüsü", "diagram"]))
        else:
            fid = "file_" + self._hex(32)
            pointer = "sediment://" + fid
            if dalle:
                entry = "%s/%s-%s.png" % (self.user_id, fid, self._uuid())
            else:
                entry = "%s-sanitized.jpeg" % fid
        if r.random() < 0.03:
            self.missing += 1
        else:
            self.images.append((entry, self.lognorm(10.5, 0.9, 2000, 800000)))
        w, h = r.choice([(1024, 1024), (1792, 1024), (800, 600), (1170, 2532)])
        part = {"content_type": "image_asset_pointer", "asset_pointer": pointer,
                "size_bytes": r.randint(20000, 900000), "width": w, "height": h,
                "fovea": None, "metadata": None}
        if dalle:
            part["metadata"] = {"dalle": {"gen_id": self._alnum(16), "prompt": self.paragraph("en", 2),
                                          "seed": r.getrandbits(31), "parent_gen_id": None,
                                          "edit_op": None, "serialization_title": "DALL-E generation metadata"},
                                "gizmo": None, "generation": None, "container_pixel_height": None,
                                "container_pixel_width": None, "emu_omit_glimpse_image": None,
                                "emu_patches_override": None, "sanitized": False,
                                "asset_pointer_link": None, "watermarked_asset_pointer": None}
        return part

    # messages

    def message(self, mid, role, content, model, name=None, recipient="all", hidden=False, extra_meta=None):
        r = self.r
        t = self.now()
        meta = {}
        if hidden:
            meta["is_visually_hidden_from_conversation"] = True
        if role == "assistant" or role == "tool":
            meta.update({"citations": [], "content_references": [], "gizmo_id": None,
                         "message_type": "next", "model_slug": model, "default_model_slug": model,
                         "pad": "AAAAAAAAAAAA"[:r.randint(0, 12)], "parent_id": None,
                         "request_id": self._hex(16) + "-IAD", "timestamp_": "absolute"})
            if role == "assistant":
                meta["finish_details"] = {"type": "stop", "stop_tokens": [200002]}
                meta["is_complete"] = True
        elif role == "user":
            meta.update({"request_id": self._hex(16) + "-IAD", "message_source": None,
                         "timestamp_": "absolute", "message_type": None})
            if r.random() < 0.3:
                meta["selected_github_repos"] = []
                meta["serialization_metadata"] = {"custom_symbol_offsets": []}
        if extra_meta:
            meta.update(extra_meta)
        return {"id": mid,
                "author": {"role": role, "name": name, "metadata": {}},
                "create_time": t if role != "system" else None,
                "update_time": None,
                "content": content,
                "status": "finished_successfully",
                "end_turn": True if role == "assistant" and recipient == "all" else None,
                "weight": 1.0 if role != "system" else 0.0,
                "metadata": meta,
                "recipient": recipient,
                "channel": None}

    def text(self, parts):
        return {"content_type": "text", "parts": parts}

    def user_content(self, lang):
        r = self.r
        q = self.paragraph(lang, r.randint(1, 4))
        if r.random() < 0.15:
            q += "\n\n```\n" + self.code(self.lognorm(2.0, 0.8, 2, 80)) + "\n```"
        if r.random() < 0.06:
            return {"content_type": "multimodal_text",
                    "parts": [self.image_pointer() for _ in range(r.randint(1, 2))] + [q]}
        return self.text([q])

    def assistant_turn(self, model, lang):
        """A list of (role, content, name, recipient, meta) for one answer."""
        r = self.r
        x = r.random()
        out = []
        if x < 0.07:
            # python: code, output, then the answer
            out.append(("assistant", {"content_type": "code", "language": "unknown",
                                      "response_format_name": None,
                                      "text": self.code(self.lognorm(2.5, 0.7, 3, 120))},
                        None, "python", None))
            out.append(("tool", {"content_type": "execution_output",
                                 "text": "\n".join(self.paragraph("en", 1) for _ in range(r.randint(1, 12)))},
                        "python", "all", {"is_complete": True, "aggregate_result": {
                            "status": "success", "run_id": self._uuid(), "start_time": self.t,
                            "update_time": self.t + 1, "code": "", "end_time": self.t + 1,
                            "final_expression_output": None, "in_kernel_exception": None,
                            "system_exception": None, "messages": [], "jupyter_messages": [],
                            "timeout_triggered": None}}))
        elif x < 0.10:
            # DALL·E
            out.append(("assistant", {"content_type": "code", "language": "json",
                                      "text": json.dumps({"prompt": self.paragraph("en", 2), "size": "1024x1024"})},
                        None, "dalle.text2im", None))
            out.append(("tool", {"content_type": "multimodal_text",
                                 "parts": [self.image_pointer(dalle=True) for _ in range(r.randint(1, 2))]},
                        "dalle.text2im", "all", None))
        elif x < 0.13:
            out.append(("tool", {"content_type": "tether_quote", "url": "https://example.com/" + self._alnum(8),
                                 "domain": "example.com", "title": self.paragraph("en", 1),
                                 "text": self.paragraph(lang, 4), "tether_id": None},
                        "browser", "all", None))
        elif x < 0.17 and model in ("o1", "o3", "gpt-5-thinking"):
            out.append(("assistant", {"content_type": "thoughts",
                                      "thoughts": [{"summary": self.paragraph("en", 1), "content": self.paragraph("en", 3),
                                                    "chunks": [], "finished": True}
                                                   for _ in range(r.randint(1, 4))],
                                      "source_analysis_msg_id": self._uuid()},
                        None, "all", None))
            out.append(("assistant", {"content_type": "reasoning_recap",
                                      "content": "Thought for %d seconds" % r.randint(2, 90)},
                        None, "all", None))
        elif x < 0.172:
            out.append(("tool", {"content_type": "some_future_type", "payload": {"k": self._alnum(10)}},
                        "future_tool", "all", None))
        blocks = self.lognorm(1.8, 0.9, 1, 60)
        out.append(("assistant", self.text([self.markdown_answer(lang, blocks)]), None, "all", None))
        return out

    def conversation(self):
        r = self.r
        cid = self._uuid()
        self.t += r.expovariate(1 / 20000.0)   # hours between conversations
        model = r.choice(MODELS)
        lang = self.lang()
        create = self.now()
        nodes = {}
        order = []

        def add(mid, message, parent):
            nodes[mid] = {"id": mid, "message": message, "parent": parent, "children": []}
            order.append(mid)
            if parent is not None:
                nodes[parent]["children"].append(mid)
            return mid

        root = "client-created-root" if r.random() < 0.7 else self._uuid()
        add(root, None, None)
        sys_id = self._uuid()
        add(sys_id, self.message(sys_id, "system", self.text([""]), model, hidden=True), root)
        last = sys_id
        if r.random() < 0.03:
            cx = self._uuid()
            add(cx, self.message(cx, "user", {"content_type": "user_editable_context",
                                              "user_profile": self.paragraph(lang, 2),
                                              "user_instructions": self.paragraph("en", 2)},
                                 model, hidden=True, extra_meta={"is_user_system_message": True}), last)
            last = cx

        def answer(parent):
            p = parent
            for role, content, name, recipient, meta in self.assistant_turn(model, lang):
                mid = self._uuid()
                add(mid, self.message(mid, role, content, model, name=name, recipient=recipient,
                                      extra_meta=meta), p)
                p = mid
            return p

        turns = self.lognorm(1.3, 1.0, 1, 300)
        for _ in range(turns):
            u = self._uuid()
            add(u, self.message(u, "user", self.user_content(lang), model), last)
            if r.random() < 0.05:
                # an edited question: the old version keeps its own answer
                old = last
                e = self._uuid()
                add(e, self.message(e, "user", self.user_content(lang), model), old)
                answer(e)
            leaf = answer(u)
            if r.random() < 0.08:
                # a regenerated answer: a sibling of the one kept
                answer(u)
            last = leaf
        title = self.paragraph(lang, 1)[: r.randint(12, 60)].rstrip(" .*`")
        if r.random() < 0.01:
            title = None
        # older exports: the root is not always first in the mapping
        if r.random() < 0.2:
            order = order[1:] + order[:1]
        return {"title": title,
                "create_time": create,
                "update_time": self.now(),
                "mapping": {k: nodes[k] for k in order},
                "moderation_results": [],
                "current_node": last,
                "plugin_ids": None,
                "conversation_id": cid,
                "conversation_template_id": None,
                "gizmo_id": None,
                "gizmo_type": None,
                "is_archived": r.random() < 0.05,
                "is_starred": None,
                "safe_urls": [],
                "blocked_urls": [],
                "default_model_slug": model,
                "conversation_origin": None,
                "voice": None,
                "async_status": None,
                "disabled_tool_ids": [],
                "is_do_not_remember": False,
                "memory_scope": "global_enabled",
                "sugar_item_id": None,
                "id": cid}


def zinfo(name, compress):
    info = zipfile.ZipInfo(name, FIXED_DATE)
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    return info


def main():
    ap = argparse.ArgumentParser(description="A deterministic synthetic ChatGPT data export.")
    ap.add_argument("--size", required=True, help="size of conversations.json, e.g. 200M, 1G (binary units)")
    ap.add_argument("--out", required=True, help="folder to write export.zip into")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--json", action="store_true", help="also write the bare conversations.json")
    ap.add_argument("--images-ratio", type=float, default=0.15,
                    help="at most this fraction of the JSON size in image bytes (default 0.15)")
    ap.add_argument("--raw-utf8", action="store_true",
                    help="write non-ASCII as raw UTF-8; by default it is \\u-escaped, as Python's json writes it "
                         "(a reader must handle both)")
    ap.add_argument("--level", type=int, default=6, help="deflate level of the text entries (default 6)")
    args = ap.parse_args()

    target = parse_size(args.size)
    os.makedirs(args.out, exist_ok=True)
    zip_path = os.path.join(args.out, "export.zip")
    json_path = os.path.join(args.out, "conversations.json")
    tmp_zip = zip_path + ".partial"
    gen = Gen(args.seed)
    enc = json.JSONEncoder(ensure_ascii=not args.raw_utf8)
    started = time.monotonic()
    written = 0
    count = 0
    messages = 0

    bare = open(json_path + ".partial", "wb") if args.json else None
    with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=args.level, allowZip64=True) as zf:
        zf.writestr(zinfo("user.json", zipfile.ZIP_DEFLATED),
                    json.dumps({"id": gen.user_id, "email": "someone@example.com",
                                "chatgpt_plus_user": True, "phone_number": None}))
        with zf.open(zinfo("conversations.json", zipfile.ZIP_DEFLATED), "w", force_zip64=True) as out:
            buf = []
            pending = 0

            def emit(s):
                nonlocal pending, written
                b = s.encode("utf-8")
                buf.append(b)
                pending += len(b)
                written += len(b)
                if pending >= 4 << 20:
                    flush()

            def flush():
                nonlocal pending
                data = b"".join(buf)
                out.write(data)
                if bare:
                    bare.write(data)
                buf.clear()
                pending = 0

            emit("[")
            while written < target:
                conv = gen.conversation()
                messages += len(conv["mapping"]) - 1
                emit((", " if count else "") + enc.encode(conv))
                count += 1
                if count % 2000 == 0:
                    el = time.monotonic() - started
                    print("\r%d MiB, %d conversations, %.0f MiB/s " % (written >> 20, count, (written >> 20) / el),
                          end="", file=sys.stderr, flush=True)
            emit("]")
            flush()
        print("\r", end="", file=sys.stderr)

        feedback = [{"id": gen._uuid(), "conversation_id": gen._uuid(), "user_id": gen.user_id,
                     "rating": gen.r.choice(["thumbsUp", "thumbsDown"]), "create_time": "2025-01-01T00:00:00",
                     "workspace_id": None, "content": "{}", "storage_protocol": "zstd::1.5.5"} for _ in range(20)]
        zf.writestr(zinfo("message_feedback.json", zipfile.ZIP_DEFLATED), json.dumps(feedback))
        zf.writestr(zinfo("shared_conversations.json", zipfile.ZIP_DEFLATED), "[]")

        # Images, stored as real exports do (they do not compress), up to the budget.
        budget = int(target * args.images_ratio)
        seen = set()
        n_images = 0
        for entry, size in gen.images:
            if entry in seen:
                continue
            seen.add(entry)
            size = min(size, budget)
            budget -= size
            head = b"\x89PNG\r\n\x1a\n" if entry.endswith(".png") else (b"RIFF" if entry.endswith(".webp") else b"\xff\xd8\xff\xe0")
            zf.writestr(zinfo(entry, zipfile.ZIP_STORED), head + gen.r.randbytes(max(0, size - len(head))))
            n_images += 1
        # an upload nothing refers to
        zf.writestr(zinfo("file-Unreferenced0000000000-notes.txt", zipfile.ZIP_DEFLATED), "not referenced\n")

    if bare:
        bare.close()
        os.replace(json_path + ".partial", json_path)
    os.replace(tmp_zip, zip_path)
    el = time.monotonic() - started
    print(json.dumps({"zip": zip_path, "json_bytes": written, "zip_bytes": os.path.getsize(zip_path),
                      "conversations": count, "messages": messages, "images": n_images,
                      "images_missing": gen.missing, "seconds": round(el, 1)}))


if __name__ == "__main__":
    main()
