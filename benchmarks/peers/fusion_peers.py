#!/usr/bin/python3
"""Peer benchmark: numpy and torch (CPU, float32) on exactly the data the C# benchmark writes.

The C# driver writes a data directory and runs this script as a subprocess, then reads the
RESULT lines and prints ratios. Dependencies: numpy, torch, threadpoolctl (Debian:
python3-numpy python3-torch python3-threadpoolctl, plus libopenblas0-pthread so numpy does
not fall back to the reference BLAS). Always run with /usr/bin/python3.

Usage:
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=T OPENBLAS_NUM_THREADS=T \
      OMP_WAIT_POLICY=passive /usr/bin/python3 fusion_peers.py --data DIR --threads T [--min-time 1.0]
  (optional: --min-reps 9 --max-reps 300 --cases NAME,NAME --impls IMPL,IMPL)

DIR/manifest.json:
  {"cases": [
    {"name": "single_100000x64", "kind": "single", "n": 100000, "d": 64, "lam": 1.0,
     "items": "items_100000x64.f32", "user": "user_100000x64.f32", "text": "text_100000x64.f32"},
    {"name": "batched_256x100000x64", "kind": "batched", "b": 256, "n": 100000, "d": 64, "lam": 1.0,
     "items": "items_100000x64.f32", "users": "users_256x64.f32", "texts": "texts_256x64.f32"}]}
Files are raw little-endian float32, row-major: items n x d, users/texts b x d, user/text d.
Item files shared by several cases are loaded once.

Math (C = items n x d, U = user, T = text, lam):
  z = C U ; P = softmax(z) ; S = sum P^2
  loss = |U-T|^2 + lam S ;  grad = 2(U-T) + 2 lam ((P^2 - S P) C)
  batched: the same per row of U / T (Z = U C^T, G = 2(U-T) + 2 lam W C, W = P^2 - S P rowwise).

Implementations (impl):
  single : numpy (2 sgemv, vectorised f32), torch_analytic (no_grad, same formula), torch_autograd
  batched: numpy (2 GEMMs + softmax), numpy_gemm_UCt (Z = U @ C.T alone), numpy_gemm_WC (W @ C alone,
           W precomputed from the case's data), numpy_2gemm_only (derived: sum of the two GEMM lines,
           "derived": true), torch_analytic, torch_autograd
Timing: 2 warm-up calls, then repeated calls until >= min-reps and >= min-time seconds (or max-reps);
median and best reported.

Output (stdout, one JSON object per line):
  INFO {"threads", "torch_threads", "numpy", "torch", "env": {OMP_*/OPENBLAS_* values},
        "blas": [{"internal_api", "architecture", "num_threads", "version", "filepath"}, ...]}
  RESULT {"case", "kind", "impl", "median_ms", "best_ms", "reps", "threads", "loss", "grad_checksum",
          "grad_maxrel_vs_numpy", ...}
    loss: single -> the loss; batched -> sum of the b losses (float64 sum of the f32 losses).
    grad_checksum: sum(|grad|) over all elements, accumulated in float64.
    grad_maxrel_vs_numpy: max|g - g_numpy| / max|g_numpy| (0 for numpy itself).
    GEMM-alone lines have loss/grad_checksum/grad_maxrel_vs_numpy = null and "out_checksum" =
    sum(|GEMM output|) instead.
Errors go to stderr with a nonzero exit status.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from threadpoolctl import threadpool_info, threadpool_limits


# ---------------------------------------------------------------- numpy (as shared/peers/loss_grad.py, batched.py)
def np_loss_grad(U, T, C, lam):
    z = C @ U                              # pass 1 over C (sgemv)
    z -= z.max()
    np.exp(z, out=z)
    z /= z.sum()                           # z is now P
    P2 = z * z
    sp2 = P2.sum()
    diff = U - T
    P2 -= sp2 * z                          # w = P^2 - S P
    g = 2 * diff + (2 * lam) * (P2 @ C)    # pass 2 over C (sgemv, transposed)
    return diff @ diff + lam * sp2, g


def np_batched(U, T, C, lam):
    Z = U @ C.T                            # B x n, GEMM 1
    Z -= Z.max(axis=1, keepdims=True)
    np.exp(Z, out=Z)
    Z /= Z.sum(axis=1, keepdims=True)      # P
    P2 = Z * Z
    sp2 = P2.sum(axis=1, keepdims=True)
    P2 -= sp2 * Z                          # W
    diff = U - T
    G = 2 * diff + (2 * lam) * (P2 @ C)    # GEMM 2
    return (diff * diff).sum(1) + lam * sp2[:, 0], G


def np_batched_W(U, C):
    """W = P^2 - rowsum(P^2) P for the case's data (input of the W @ C GEMM timing)."""
    Z = U @ C.T
    Z -= Z.max(axis=1, keepdims=True)
    np.exp(Z, out=Z)
    Z /= Z.sum(axis=1, keepdims=True)
    P2 = Z * Z
    P2 -= P2.sum(axis=1, keepdims=True) * Z
    return np.ascontiguousarray(P2)


# ---------------------------------------------------------------- torch
def make_torch_analytic(Ct, Tt, lam):
    @torch.no_grad()
    def f(Ut):
        z = Ct @ Ut
        P = torch.softmax(z, 0)
        P2 = P * P
        sp2 = P2.sum()
        diff = Ut - Tt
        g = 2 * diff + (2 * lam) * ((P2 - sp2 * P) @ Ct)
        return diff @ diff + lam * sp2, g
    return f


def make_torch_autograd(Ct, Tt, lam):
    def f(Ut):
        Ut = Ut.detach().requires_grad_(True)
        z = Ct @ Ut
        P = torch.softmax(z, 0)
        L = ((Ut - Tt) ** 2).sum() + lam * (P * P).sum()
        L.backward()
        return L.detach(), Ut.grad
    return f


def make_torch_batched_analytic(Ct, Tt, lam):
    @torch.no_grad()
    def f(Ut):
        P = torch.softmax(Ut @ Ct.T, 1)
        P2 = P * P
        sp2 = P2.sum(1, keepdim=True)
        W = P2 - sp2 * P
        diff = Ut - Tt
        return (diff * diff).sum(1) + lam * sp2[:, 0], 2 * diff + (2 * lam) * (W @ Ct)
    return f


def make_torch_batched_autograd(Ct, Tt, lam):
    def f(Ut):
        Ut = Ut.detach().requires_grad_(True)
        P = torch.softmax(Ut @ Ct.T, 1)
        L = ((Ut - Tt) ** 2).sum(1) + lam * (P * P).sum(1)
        L.sum().backward()                 # users are independent: grad of the sum = per-user grads
        return L.detach(), Ut.grad
    return f


# ---------------------------------------------------------------- timing (as shared/peers/loss_grad.py)
def timeit(fn, min_time, min_reps=9, max_reps=300):
    fn(); fn()  # warm-up
    ts = []
    t_start = time.perf_counter()
    while len(ts) < min_reps or (time.perf_counter() - t_start < min_time and len(ts) < max_reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2], ts[0], len(ts)


# ---------------------------------------------------------------- data
class Loader:
    def __init__(self, root):
        self.root = root
        self.cache = {}

    def load(self, fname, shape):
        key = (fname, shape)
        if key not in self.cache:
            path = os.path.join(self.root, fname)
            count = int(np.prod(shape))
            size = os.path.getsize(path)
            if size != count * 4:
                raise ValueError(f"{path}: {size} bytes, expected {count * 4} for float32 {shape}")
            self.cache[key] = np.ascontiguousarray(np.fromfile(path, dtype="<f4").reshape(shape),
                                                   dtype=np.float32)
        return self.cache[key]


def to_np(x):
    return x.detach().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


def loss_value(L):
    return float(np.asarray(to_np(L), dtype=np.float64).sum())


def checksum(g):
    return float(np.abs(to_np(g)).sum(dtype=np.float64))


def maxrel(g, ref):
    g = to_np(g).astype(np.float64); ref = np.asarray(ref, dtype=np.float64)
    den = np.max(np.abs(ref))
    return float(np.max(np.abs(g - ref)) / den) if den > 0 else float(np.max(np.abs(g - ref)))


def emit(obj):
    print("RESULT " + json.dumps(obj), flush=True)


def run_case(case, loader, args, sel):
    name, kind = case["name"], case["kind"]
    n, d, lam = int(case["n"]), int(case["d"]), float(case.get("lam", 1.0))
    C = loader.load(case["items"], (n, d))
    Ct = torch.from_numpy(C)
    base = {"case": name, "kind": kind, "n": n, "d": d, "lam": lam, "threads": args.threads}
    if kind == "single":
        U = loader.load(case["user"], (d,))
        T = loader.load(case["text"], (d,))
        Ut, Tt = torch.from_numpy(U), torch.from_numpy(T)
        impls = [("numpy", lambda: np_loss_grad(U, T, C, lam)),
                 ("torch_analytic", (lambda f: lambda: f(Ut))(make_torch_analytic(Ct, Tt, lam))),
                 ("torch_autograd", (lambda f: lambda: f(Ut))(make_torch_autograd(Ct, Tt, lam)))]
        gemms = []
    elif kind == "batched":
        b = int(case["b"])
        base["b"] = b
        U = loader.load(case["users"], (b, d))
        T = loader.load(case["texts"], (b, d))
        Ut, Tt = torch.from_numpy(U), torch.from_numpy(T)
        impls = [("numpy", lambda: np_batched(U, T, C, lam)),
                 ("torch_analytic", (lambda f: lambda: f(Ut))(make_torch_batched_analytic(Ct, Tt, lam))),
                 ("torch_autograd", (lambda f: lambda: f(Ut))(make_torch_batched_autograd(Ct, Tt, lam)))]
        gemms = ["numpy_gemm_UCt", "numpy_gemm_WC"]
    else:
        raise ValueError(f"case {name}: unknown kind {kind!r}")

    ref = None
    for impl, fn in impls:
        if impl != "numpy" and sel and impl not in sel:
            continue
        L, g = fn()                         # result for the checks (not timed)
        g = to_np(g).copy()
        if impl == "numpy":
            ref = g
        if sel and impl not in sel:
            continue
        med, best, reps = timeit(fn, args.min_time, args.min_reps, args.max_reps)
        emit({**base, "impl": impl, "median_ms": med * 1e3, "best_ms": best * 1e3, "reps": reps,
              "loss": loss_value(L), "grad_checksum": checksum(g),
              "grad_maxrel_vs_numpy": maxrel(g, ref)})

    if gemms and (not sel or any(x in sel for x in gemms + ["numpy_2gemm_only"])):
        Zbuf = np.empty((b, n), dtype=np.float32)
        W = np_batched_W(U, C)
        Gbuf = np.empty((b, d), dtype=np.float32)
        gemm_fns = {"numpy_gemm_UCt": (lambda: np.matmul(U, C.T, out=Zbuf), Zbuf),
                    "numpy_gemm_WC": (lambda: np.matmul(W, C, out=Gbuf), Gbuf)}
        tot = {"median_ms": 0.0, "best_ms": 0.0, "reps": None, "out_checksum": 0.0}
        for impl in gemms:
            fn, out = gemm_fns[impl]
            med, best, reps = timeit(fn, args.min_time, args.min_reps, args.max_reps)
            ocs = checksum(out)
            tot["median_ms"] += med * 1e3; tot["best_ms"] += best * 1e3; tot["out_checksum"] += ocs
            tot["reps"] = reps if tot["reps"] is None else min(tot["reps"], reps)
            if not sel or impl in sel:
                emit({**base, "impl": impl, "median_ms": med * 1e3, "best_ms": best * 1e3, "reps": reps,
                      "loss": None, "grad_checksum": None, "grad_maxrel_vs_numpy": None, "out_checksum": ocs})
        if not sel or "numpy_2gemm_only" in sel:
            emit({**base, "impl": "numpy_2gemm_only", **tot, "loss": None, "grad_checksum": None,
                  "grad_maxrel_vs_numpy": None, "derived": True})
        del Zbuf, W


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="directory with manifest.json and the .f32 files")
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--min-time", type=float, default=1.0, help="seconds of timed calls per impl")
    ap.add_argument("--min-reps", type=int, default=9)
    ap.add_argument("--max-reps", type=int, default=300)
    ap.add_argument("--cases", default="", help="comma list of case names to run (default: all)")
    ap.add_argument("--impls", default="", help="comma list of impls to run (default: all)")
    args = ap.parse_args()
    if args.threads < 1:
        ap.error("--threads must be >= 1")

    torch.set_num_threads(args.threads)
    limits = threadpool_limits(limits=args.threads)  # noqa: F841 (kept for the process lifetime)

    env_keys = sorted(k for k in os.environ if k.startswith("OPENBLAS_")) + \
        [k for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")
         if k not in os.environ] + ["OMP_NUM_THREADS", "OMP_WAIT_POLICY", "MKL_NUM_THREADS"]
    print("INFO " + json.dumps({
        "threads": args.threads, "torch_threads": torch.get_num_threads(),
        "numpy": np.__version__, "torch": torch.__version__,
        "env": {k: os.environ.get(k, "<unset>") for k in env_keys},
        "blas": [{"internal_api": i.get("internal_api"), "architecture": i.get("architecture"),
                  "num_threads": i.get("num_threads"), "version": i.get("version"),
                  "threading_layer": i.get("threading_layer"), "filepath": i.get("filepath")}
                 for i in threadpool_info()]}), flush=True)

    with open(os.path.join(args.data, "manifest.json")) as f:
        cases = json.load(f)["cases"]
    want = set(filter(None, args.cases.split(",")))
    sel = set(filter(None, args.impls.split(","))) or None
    loader = Loader(args.data)
    for case in cases:
        if want and case["name"] not in want:
            continue
        run_case(case, loader, args, sel)


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError) as e:
        print(f"fusion_peers.py: error: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(2)
