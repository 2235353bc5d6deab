// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// Entry point. Subcommands run one-process measurements (see docs/performance.md):
/// <c>peers</c> (fusion kernels against numpy and torch), <c>ingest</c> (event ingestion throughput and memory),
/// <c>enrich</c> (enrichment overhead in profiles/s), <c>world</c> (synthetic world generation), <c>factor</c>
/// (factorization against scikit-learn), <c>identity</c> (identity resolution on the synthetic world),
/// <c>topk</c> (the top-K kernel against faiss), <c>recommend</c> (the recommenders on MovieLens and the cold-start split), <c>forget</c> (forgetting a person).
/// <c>topk</c> (the top-K kernel against faiss), <c>recommend</c> (the recommenders on MovieLens and the cold-start split),
/// <c>coldstart</c> (cold-start users and items on MovieLens through the text side, hashing and MiniLM).
/// <c>topk</c> (the top-K kernel against faiss), <c>recommend</c> (the recommenders on MovieLens and the cold-start split),
/// <c>als-quality</c> (ALS against popularity with validation-chosen settings), <c>matrix</c> (the interaction matrix from 10M events).
/// Anything else goes to BenchmarkDotNet (for example <c>--filter *</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string[] rest = args.Skip(1).ToArray();
        switch (args.Length > 0 ? args[0] : string.Empty)
        {
            case "peers": return PeerComparison.Run(rest);
            case "ingest": return IngestionMeasure.Run(rest);
            case "ingest-profile": return IngestionProfile.Run(rest);
            case "enrich": return EnrichmentMeasure.Run(rest);
            case "world": return WorldGeneration.Run(rest);
            case "factor": return FactorComparison.Run(rest);
            case "identity": return IdentityResolution.Run(rest);
            case "identity-misses": return IdentityMisses.Run(rest);
            case "topk": return TopKMeasure.Run(rest);
            case "recommend": return RecommendMeasure.Run(rest);
            case "forget": return ForgetMeasure.Run(rest);
            case "coldstart": return ColdStartMeasure.Run(rest);
            case "newitems": return NewItemsMeasure.Run(rest);
            case "als-quality": return AlsQuality.Run(rest);
            case "matrix": return MatrixMeasure.Run(rest);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchmarkConfig());
        return 0;
    }
}
