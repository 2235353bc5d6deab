// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Profiles.Core;

/// <summary>The structured answer asked of the chat model (its JSON schema goes with the request).</summary>
[Description("A person's tastes: a short summary, interests from the given vocabulary, and a confidence.")]
internal sealed class InsightAnswer
{
    [Description("The person's tastes in a few words of plain English, without personal details.")]
    public string? Summary { get; set; }

    [Description("The interests, strongest first; each tag copied exactly from the vocabulary.")]
    public List<InsightAnswerInterest>? Interests { get; set; }

    [Description("How well the data supports the answer, from 0 to 1.")]
    public double? Confidence { get; set; }
}

/// <summary>One interest of <see cref="InsightAnswer"/>.</summary>
internal sealed class InsightAnswerInterest
{
    [Description("A tag copied exactly from the vocabulary.")]
    public string? Tag { get; set; }

    [Description("The interest's strength, from 0 to 1.")]
    public double? Weight { get; set; }

    [Description("The id values of the items that show the interest.")]
    public List<string>? Evidence { get; set; }
}

/// <summary>A validated insight as stored in the cache.</summary>
internal sealed class CachedInsight
{
    public string Summary { get; set; } = string.Empty;

    public List<CachedInterest> Interests { get; set; } = [];

    public float Confidence { get; set; }

    public string Source { get; set; } = string.Empty;
}

/// <summary>One interest of <see cref="CachedInsight"/>.</summary>
internal sealed class CachedInterest
{
    public string Tag { get; set; } = string.Empty;

    public float Weight { get; set; }

    public List<string[]> Evidence { get; set; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InsightAnswer))]
[JsonSerializable(typeof(CachedInsight))]
internal sealed partial class EnrichmentJsonContext : JsonSerializerContext;
