// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Profiles.Core;

#pragma warning disable CA1819 // Wire records: arrays are the JSON shape.

/// <summary>A profile as written on the wire (format version 1).</summary>
internal sealed class ProfileRecord
{
    public int Version { get; set; }

    public int Person { get; set; }

    public List<AccountRecordJson>? Accounts { get; set; }

    public List<ActivityRecord>? Activity { get; set; }

    public List<InterestRecord>? Interests { get; set; }

    public float[]? Behaviour { get; set; }

    public int? Segment { get; set; }

    public List<NeighbourRecord>? Neighbours { get; set; }

    public InsightRecord? Insight { get; set; }

    public float[]? Text { get; set; }

    public float[]? Fused { get; set; }

    public DateTimeOffset AsOf { get; set; }
}

internal sealed class AccountRecordJson
{
    public string? Platform { get; set; }

    public string? Account { get; set; }
}

internal sealed class ActivityRecord
{
    public string? Platform { get; set; }

    public Dictionary<string, int>? Kinds { get; set; }

    public DateTimeOffset First { get; set; }

    public DateTimeOffset Last { get; set; }
}

internal sealed class InterestRecord
{
    public string? Name { get; set; }

    public float Weight { get; set; }

    public List<EvidenceRecord>? Evidence { get; set; }
}

internal sealed class EvidenceRecord
{
    public string? Platform { get; set; }

    public string? Item { get; set; }

    public string? Kind { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public float Weight { get; set; }
}

internal sealed class NeighbourRecord
{
    public int Person { get; set; }

    public float Similarity { get; set; }
}

internal sealed class InsightRecord
{
    public string? Summary { get; set; }

    public List<InsightInterestRecord>? Interests { get; set; }

    public float Confidence { get; set; }

    public string? Source { get; set; }
}

internal sealed class InsightInterestRecord
{
    public string? Tag { get; set; }

    public float Weight { get; set; }

    public List<ItemRefRecord>? Evidence { get; set; }
}

internal sealed class ItemRefRecord
{
    public string? Platform { get; set; }

    public string? Item { get; set; }
}

/// <summary>Source-generated metadata for the profile format.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProfileRecord))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
