#!/usr/bin/python3
"""Peer benchmark for the top-K kernel: exact maximum-inner-product top-K with faiss IndexFlatIP (and optionally
numpy / torch: matmul + partial selection) on exactly the data the C# `topk` command writes.
Adapted from ../shared/peers/topk.py.

Usage (the C# driver sets the environment):
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=T OPENBLAS_NUM_THREADS=T OMP_WAIT_POLICY=passive \
      /usr/bin/python3 topk_peers.py --data DIR --threads T [--min-time 2.0] [--impls faiss,numpy,torch]

DIR/manifest.json: {"b": 1000, "n": 100000, "d": 64, "k": 10, "users": "users.f32", "items": "items.f32",
                    "ours": "ours_indices.i32"}
Files are raw little-endian, row-major: users b x d float32, items n x d float32, ours b x k int32 (our result,
best first), used to report how many of our items each peer also returns.

Timing: one warm-up call, then calls until >= min-reps and >= min-time seconds (or max-reps); median and best.
Output (stdout): INFO {...} and one RESULT {"impl", "threads", "median_s", "best_s", "reps", "users_per_s_median",
"users_per_s_best", "agreement_vs_ours"} line per implementation. Errors go to stderr with a nonzero status.
"""
import argparse
import json
import os
import sys
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--min-time", type=float, default=2.0)
    ap.add_argument("--min-reps", type=int, default=5)
    ap.add_argument("--max-reps", type=int, default=200)
    ap.add_argument("--impls", default="faiss")
    args = ap.parse_args()

    with open(os.path.join(args.data, "manifest.json")) as f:
        m = json.load(f)
    b, n, d, k = m["b"], m["n"], m["d"], m["k"]
    users = np.fromfile(os.path.join(args.data, m["users"]), dtype="<f4").reshape(b, d)
    items = np.fromfile(os.path.join(args.data, m["items"]), dtype="<f4").reshape(n, d)
    ours = np.fromfile(os.path.join(args.data, m["ours"]), dtype="<i4").reshape(b, k)

    from threadpoolctl import threadpool_info, threadpool_limits
    threadpool_limits(limits=args.threads)
    impls = {}
    versions = {"numpy": np.__version__}
    wanted = set(args.impls.split(","))
    if "faiss" in wanted:
        import faiss
        faiss.omp_set_num_threads(args.threads)
        index = faiss.IndexFlatIP(d)
        index.add(items)
        versions["faiss"] = faiss.__version__
        impls["faiss_IndexFlatIP"] = lambda: index.search(users, k)[1]
    if "numpy" in wanted:
        def numpy_topk(chunk=128):
            out = np.empty((b, k), dtype=np.int64)
            for s in range(0, b, chunk):
                scores = users[s:s + chunk] @ items.T
                idx = np.argpartition(scores, -k, axis=1)[:, -k:]
                vals = np.take_along_axis(scores, idx, 1)
                out[s:s + chunk] = np.take_along_axis(idx, np.argsort(-vals, axis=1), 1)
            return out
        impls["numpy_matmul_argpartition"] = numpy_topk
    if "torch" in wanted:
        import torch
        torch.set_num_threads(args.threads)
        versions["torch"] = torch.__version__
        ut, it = torch.from_numpy(users), torch.from_numpy(items)

        def torch_topk(chunk=128):
            return torch.cat([torch.topk(ut[s:s + chunk] @ it.T, k, dim=1).indices for s in range(0, b, chunk)]).numpy()
        impls["torch_matmul_topk"] = torch_topk

    print("INFO " + json.dumps({"threads": args.threads, "versions": versions,
                                "blas": [(i["internal_api"], i.get("architecture"), i["num_threads"]) for i in threadpool_info()],
                                "env": {key: os.environ.get(key) for key in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY",
                                                                             "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}}), flush=True)
    for name, fn in impls.items():
        result = fn()
        times = []
        start = time.perf_counter()
        while len(times) < args.min_reps or (time.perf_counter() - start < args.min_time and len(times) < args.max_reps):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        times.sort()
        med, best = times[len(times) // 2], times[0]
        agreement = float(np.mean([len(set(a.tolist()) & set(o.tolist())) / k for a, o in zip(result, ours)]))
        print("RESULT " + json.dumps({"impl": name, "threads": args.threads, "median_s": med, "best_s": best, "reps": len(times),
                                      "users_per_s_median": b / med, "users_per_s_best": b / best,
                                      "agreement_vs_ours": agreement}), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as ex:  # report and fail, so the driver prints the reason
        print(f"{type(ex).__name__}: {ex}", file=sys.stderr)
        sys.exit(1)
