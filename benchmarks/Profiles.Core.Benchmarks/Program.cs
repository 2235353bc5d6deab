// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// Entry point. <c>peers</c> runs the side-by-side comparison against numpy and torch (see docs/performance.md);
/// <c>ingest</c> measures event ingestion throughput and memory; <c>factor</c> compares
/// the factorization engine with scikit-learn (see docs/performance.md); anything else goes to BenchmarkDotNet (for example <c>--filter *</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "peers")
        {
            return PeerComparison.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "ingest")
        {
            return IngestionMeasure.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "factor")
        {
            return FactorComparison.Run(args.Skip(1).ToArray());
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchmarkConfig());
        return 0;
    }
}
