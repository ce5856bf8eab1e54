"""The BasicCompanyData fast path shared between processes (:mod:`bulk_basic`).

Converting a row costs ~8x reading it, so every process reads the whole file (cheap, and it
keeps row numbers and record boundaries exact, even for a record spread over several lines)
but converts only its share of the chunks: chunk k belongs to process k mod n. The loading
process converts its own share and takes the others' from pipes, in order, as ready COPY bytes
(no per-row pickling). Issues travel with their chunk, so they are recorded in file order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from openkyb.registry.bulk_basic import Chunk, own_chunks, published_setter, report_chunks
from openkyb.registry.load_common import Progress, RegistryLoadReport

AUTO_MIN_BYTES = 64 * 1024 * 1024  # below this, starting a process costs more than it saves


def auto_basic_workers(path: Path) -> int:
    """Extra processes worth starting for ``path``: one on 2+ CPUs for a large file.

    Measured on 2 vCPUs with PostgreSQL on the same machine: one extra process is faster
    (docs/registries.md, "Load rate"); more would only compete with PostgreSQL.
    """
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    if sum(p.stat().st_size for p in files) < AUTO_MIN_BYTES:
        return 0
    return 1 if (os.cpu_count() or 1) >= 2 else 0


def _work(send: Connection, path: str, version_id: str, part: int, parts: int) -> None:
    """A worker process: send this part's chunks, then its word counts (or an error text)."""
    try:
        words: Counter[str] = Counter()
        for chunk in own_chunks(Path(path), version_id, part, parts, words=words):
            send.send(chunk)
        send.send(words)
    except Exception as error:  # reported by the loading process, which then fails
        send.send(f"{type(error).__name__}: {error}")
    finally:
        send.close()


def _receive(receiver: Connection) -> Chunk | Counter[str]:
    """A worker's next chunk, or its word counts once it is done; raises if it failed."""
    try:
        message: Chunk | Counter[str] | str = receiver.recv()
    except EOFError:
        message = "the process stopped before the end of the file"
    if isinstance(message, str):
        raise RuntimeError(f"a load worker failed: {message}")
    return message


def _interleave(
    own: Iterator[Chunk], receivers: list[Connection], words: Counter[str]
) -> Iterator[Chunk]:
    """Every chunk in file order; then each worker's word counts are added to ``words``."""
    parts = len(receivers) + 1
    done: set[int] = set()
    index = 0
    while True:
        source = index % parts
        chunk = next(own, None) if source == 0 else _receive(receivers[source - 1])
        if isinstance(chunk, Counter):  # that worker is done: chunk `index` does not exist
            words.update(chunk)
            done.add(source)
            break
        if chunk is None:  # this process is done: so is the file
            break
        yield chunk
        index += 1
    if source != 0 and next(own, None) is not None:  # runs this process's part to its end
        raise RuntimeError("a load worker ended before the end of the file")
    for source in range(1, parts):
        if source not in done:
            last = _receive(receivers[source - 1])
            if not isinstance(last, Counter):
                raise RuntimeError("a load worker sent a chunk past the end of the file")
            words.update(last)


def split_copy_chunks(
    path: Path,
    version_id: str,
    report: RegistryLoadReport,
    progress: Progress | None,
    workers: int,
    words: Counter[str] | None = None,
) -> Iterator[tuple[bytes, int]]:
    """What :func:`bulk_basic.basic_copy_chunks` yields, converted by this process and
    ``workers`` others; ``words`` counts the name-key words of all of them."""
    counts: Counter[str] = Counter() if words is None else words
    # spawn, not fork: the parent holds database connections and progress-bar threads.
    context = multiprocessing.get_context("spawn")
    parts = workers + 1
    receivers: list[Connection] = []
    processes = []
    try:
        for part in range(1, parts):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_work, args=(send, str(path), version_id, part, parts), daemon=True
            )
            process.start()
            send.close()
            receivers.append(receive)
            processes.append(process)
        published = published_setter(report)
        own = own_chunks(path, version_id, 0, parts, published=published, words=counts)
        yield from report_chunks(_interleave(own, receivers, counts), report, progress)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        for receive in receivers:
            receive.close()
