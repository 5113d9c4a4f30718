# The known answers of examples/json.suite.ts, computed independently of JavaScript with CPython's json
# and hashlib: the same xorshift32 corpus, json.dumps compact and indent=2.
# Usage: python3 json_answers.py N...  (one JSON line per N)
import hashlib, json
M = 0xFFFFFFFF
FIRST = ["Ana", "Bjørn", "Chloé", "Dmitri", "Eun-ji", "Farah", "Günter", "Hiro", "Inès", "Jamal", "Kofi", "Léa"]
LAST = ["Silva", "Øster", "Dubois", "Ivanov", "Kim", "Haddad", "Müller", "Tanaka", "Martín", "Okafor", "Nowak", "Rossi"]
REGIONS = ["eu-west", "eu-north", "us-east", "us-west", "ap-south", "ap-northeast"]
TAGS = ["gift", "express", "fragile", "bulk", "returning", "b2b", "promo", "日本語"]
NOTES = ["", "Leave at the door", 'Call "before" delivery', "Second floor\nring twice", "Path C:\\orders\\late",
         "Tab\tseparated\tnote", "Café au lait, naïve résumé", "配達は午前中にお願いします", "Rocket 🚀 shipping"]
def xorshift32(seed):
    x = (seed & M) or 1
    def nxt():
        nonlocal x
        x ^= (x << 13) & M
        x ^= x >> 17
        x ^= (x << 5) & M
        return x
    return nxt
def js_number(cents):  # JavaScript prints a whole-number double without ".0"
    return cents // 100 if cents % 100 == 0 else cents / 100
def document(i):
    nxt = xorshift32((i + 1) * 0x9E3779B1)
    pick = lambda xs: xs[nxt() % len(xs)]
    orders = []
    for _ in range(8 + nxt() % 17):
        first, last = pick(FIRST), pick(LAST)
        items = []
        for _ in range(1 + nxt() % 6):
            sku = f"SKU-{100000 + nxt() % 900000}"; qty = 1 + nxt() % 9; price = js_number(nxt() % 100000)
            items.append({"sku": sku, "qty": qty, "price": price})
        tags = [pick(TAGS) for _ in range(nxt() % 4)]
        order_id = nxt()
        email = f"{first.lower()}.{last.lower()}{nxt() % 1000}@example.com"
        vip = nxt() % 5 == 0
        note = pick(NOTES)
        paid = nxt() % 3 != 0
        orders.append({"orderId": order_id, "customer": {"name": f"{first} {last}", "email": email, "vip": vip},
                       "items": items, "tags": tags, "note": note, "paid": paid})
    day = 1 + nxt() % 28; month = 1 + nxt() % 12
    return {"id": f"batch-{i}", "region": pick(REGIONS), "created": f"2026-{month:02d}-{day:02d}", "orders": orders}
def answer(n):
    digests, total = [], 0
    for i in range(n):
        compact = json.dumps(document(i), separators=(",", ":"), ensure_ascii=False)
        pretty = json.dumps(json.loads(compact), indent=2, ensure_ascii=False)
        total += len(compact.encode()) + len(pretty.encode())
        digests.append(hashlib.sha256(pretty.encode()).hexdigest())
    return {"documents": n, "bytes": total, "digest": hashlib.sha256("".join(digests).encode()).hexdigest()}
import sys
for n in map(int, sys.argv[1:]):
    print(json.dumps(answer(n)))
