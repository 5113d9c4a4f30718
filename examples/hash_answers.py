# The known answers of examples/hash.suite.ts, computed independently of JavaScript with CPython's
# hashlib: the same corpus of buffers. Usage: python3 hash_answers.py N...  (one JSON line per N)
import hashlib, json, sys


def answer(n):
    digests, total = [], 0
    for i in range(n):
        size = 2 ** (10 + (7 * i) % 11) + i % 61
        block = hashlib.sha256(f"tribench-hash-{i}".encode()).digest()
        data = (block * (size // 32 + 1))[:size]
        digests.append(hashlib.sha256(data).hexdigest())
        total += size
    return {"buffers": n, "bytes": total, "digest": hashlib.sha256("".join(digests).encode()).hexdigest()}


for n in map(int, sys.argv[1:]):
    print(json.dumps(answer(n)))
