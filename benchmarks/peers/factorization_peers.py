#!/usr/bin/python3
"""Peer benchmark for the factorization engine: scikit-learn on exactly the data the C# `factor` command writes.

Dependencies (Debian): python3-numpy python3-scipy python3-sklearn python3-threadpoolctl libopenblas0-pthread.
Always run with /usr/bin/python3, with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset.

Usage:
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=T OPENBLAS_NUM_THREADS=T \
      /usr/bin/python3 factorization_peers.py --data DIR --threads T [--reps 3]

DIR/manifest.json:
  {"cases": [{"name": "ml1m_x1", "rows": 6040, "cols": 3706, "nnz": 1000209,
              "indptr": "ml1m_x1_indptr.i32", "indices": "ml1m_x1_indices.i32", "values": "ml1m_x1_values.f32",
              "embedding": "ml1m_x1_embedding.f32", "dims": 64,
              "svd": {"k": 64, "oversampling": 10, "iterations": 4},
              "kmeans": {"k": 20}, "knn": {"k": 20}}]}
Files are raw little-endian: CSR row pointers and column indices int32, values float32, the embedding float32
row-major rows x dims (our SVD's U * s, so both sides cluster and search the same vectors).

Measured (median of --reps fits, wall seconds):
  svd    : TruncatedSVD(n_components=k, algorithm='randomized', n_oversamples=p, n_iter=q, random_state=0).fit(X)
           (its power iterations are normalized by LU, power_iteration_normalizer='auto')
  kmeans : KMeans(n_clusters=k, n_init=1, random_state=seed).fit(E)   (Lloyd, k-means++ init, tol=1e-4), one fit
           per seed 0 .. reps-1, medians of time and inertia
  knn    : NearestNeighbors(n_neighbors=k, metric='cosine', algorithm='brute').fit(E).kneighbors()
           (all rows as queries, each row excluded from its own neighbours)
Output: INFO {...} and one RESULT {json} line per measurement, with quality figures: the singular values, the
inertia, and the neighbour indices checksum.
"""
import argparse
import json
import os
import time
import warnings

import numpy as np
import scipy.sparse as sp
import sklearn
from threadpoolctl import threadpool_info, threadpool_limits


def load(directory, case):
    rows, cols = case["rows"], case["cols"]
    indptr = np.fromfile(os.path.join(directory, case["indptr"]), dtype="<i4")
    indices = np.fromfile(os.path.join(directory, case["indices"]), dtype="<i4")
    values = np.fromfile(os.path.join(directory, case["values"]), dtype="<f4")
    X = sp.csr_matrix((values, indices, indptr), shape=(rows, cols))
    E = np.fromfile(os.path.join(directory, case["embedding"]), dtype="<f4").reshape(rows, case["dims"])
    return X, np.ascontiguousarray(E)


def timed(fn, reps):
    times, out = [], None
    for _ in range(reps):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2], times[0], out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", default="svd,kmeans,knn")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    threadpool_limits(limits=args.threads)
    only = set(args.only.split(","))
    with open(os.path.join(args.data, "manifest.json")) as f:
        manifest = json.load(f)

    print("INFO " + json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__, "threads": args.threads,
                                "blas": [(i["internal_api"], i.get("architecture"), i["num_threads"]) for i in threadpool_info()]}),
          flush=True)

    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.neighbors import NearestNeighbors

    for case in manifest["cases"]:
        X, E = load(args.data, case)
        name = case["name"]
        if "svd" in only:
            s = case["svd"]
            med, best, model = timed(lambda: TruncatedSVD(n_components=s["k"], algorithm="randomized", n_oversamples=s["oversampling"],
                                                          n_iter=s["iterations"], random_state=0).fit(X), args.reps)
            print("RESULT " + json.dumps({"case": name, "impl": "sklearn_svd", "median_s": med, "best_s": best,
                                          "singular_values": [float(v) for v in model.singular_values_]}), flush=True)
        if "kmeans" in only:
            # One fit per seed 0 .. reps-1 (iteration counts depend on the seed); medians of time and inertia.
            k = case["kmeans"]["k"]
            times, inertias, iterations = [], [], []
            for seed in range(args.reps):
                t, _, model = timed(lambda: KMeans(n_clusters=k, n_init=1, random_state=seed).fit(E), 1)
                times.append(t)
                inertias.append(float(model.inertia_))
                iterations.append(int(model.n_iter_))
            print("INFO " + json.dumps({"case": name, "sklearn_kmeans_seconds_per_seed": [round(t, 4) for t in times],
                                        "inertia_per_seed": [round(i, 1) for i in inertias]}), flush=True)
            print("RESULT " + json.dumps({"case": name, "impl": "sklearn_kmeans", "median_s": sorted(times)[len(times) // 2],
                                          "best_s": min(times), "inertia": sorted(inertias)[len(inertias) // 2],
                                          "iterations": "/".join(str(i) for i in iterations)}), flush=True)
        if "knn" in only:
            k = case["knn"]["k"]
            reps = args.reps if E.shape[0] <= 10000 else 1
            med, best, out = timed(lambda: NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(E).kneighbors(), reps)
            distances, indices = out
            indices_file = name + "_sklearn_knn.i32"
            indices.astype("<i4").tofile(os.path.join(args.data, indices_file))   # written before the RESULT line announces it
            print("RESULT " + json.dumps({"case": name, "impl": "sklearn_knn", "median_s": med, "best_s": best,
                                          "similarity_sum": float((1 - distances).sum()), "indices_file": indices_file}), flush=True)


if __name__ == "__main__":
    main()
