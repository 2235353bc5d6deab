// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Profiles.Core.Benchmarks;

/// <summary>A short job (a full run of every benchmark takes a few minutes), allocations, and the GB/s of C read.</summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(6).WithLaunchCount(1).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new ItemBandwidthColumn());
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
    }
}
