// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Profiles.Core;

/// <summary>The source-generated serialisation metadata of <see cref="EvaluationReport.ToJson"/> (no reflection, trimming-safe).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(EvaluationReportJson))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;

/// <summary>The JSON shape of a report.</summary>
internal sealed class EvaluationReportJson
{
    public required EvaluationSplitMetadata Split { get; init; }

    public int Cutoff { get; init; }

    public MapNormalization MapNormalization { get; init; }

    public int BootstrapSamples { get; init; }

    public double ConfidenceLevel { get; init; }

    public int Seed { get; init; }

    public int CatalogSize { get; init; }

    public required List<EvaluationSystemJson> Systems { get; init; }

    public required List<EvaluationComparisonJson> Comparisons { get; init; }

    public List<int>? Users { get; init; }
}

/// <summary>The JSON shape of one system's results.</summary>
internal sealed class EvaluationSystemJson
{
    public required string Name { get; init; }

    public required Dictionary<string, EvaluationIntervalJson> Metrics { get; init; }

    public int TrainingItemsRecommended { get; init; }

    public int UsersWithTrainingItems { get; init; }

    public int DuplicatesRecommended { get; init; }

    public int DistinctItemsRecommended { get; init; }

    public Dictionary<string, double[]>? PerUser { get; init; }
}

/// <summary>The JSON shape of a comparison.</summary>
internal sealed class EvaluationComparisonJson
{
    public required string Baseline { get; init; }

    public required string Candidate { get; init; }

    public required string Metric { get; init; }

    public required EvaluationIntervalJson Difference { get; init; }

    public bool ExcludesZero { get; init; }
}

/// <summary>The JSON shape of an estimate with its interval.</summary>
internal sealed class EvaluationIntervalJson
{
    public double Estimate { get; init; }

    public double Lower { get; init; }

    public double Upper { get; init; }
}
