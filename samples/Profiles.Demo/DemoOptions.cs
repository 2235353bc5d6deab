// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.IO;

namespace Profiles.Demo;

/// <summary>Which embedding generator makes the text vectors.</summary>
internal enum EmbedderKind
{
    /// <summary>The dependency-free hashing embedder of the core (the offline default).</summary>
    Hashing,

    /// <summary>The local all-MiniLM-L6-v2 model of the optional package.</summary>
    MiniLM,
}

/// <summary>Everything the demo can be told on its command line.</summary>
internal sealed class DemoOptions
{
    /// <summary>Gets or sets the number of persons of the synthetic world.</summary>
    public int Persons { get; set; } = 20_000;

    /// <summary>Gets or sets the seed of the world, the splits, the factors and the bootstrap.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets a MovieLens folder to load instead of the synthetic world.</summary>
    public string? MovieLensFolder { get; set; }

    /// <summary>Gets or sets the embedder.</summary>
    public EmbedderKind Embedder { get; set; } = EmbedderKind.Hashing;

    /// <summary>Gets or sets the LLM to enrich with; <see langword="null"/> for the extractive enricher.</summary>
    public LlmSpec? Llm { get; set; }

    /// <summary>Gets or sets the most LLM calls of one enrichment run (the rest fall back to extractive).</summary>
    public int LlmMaxCalls { get; set; } = 200;

    /// <summary>Gets or sets the most concurrent LLM calls.</summary>
    public int LlmConcurrency { get; set; } = 4;

    /// <summary>Gets or sets the folder the reports and the insight cache go to.</summary>
    public string Output { get; set; } = Path.Combine("artifacts", "demo");

    /// <summary>Gets or sets the number of latent factors.</summary>
    public int Factors { get; set; } = 32;

    /// <summary>Gets or sets the ALS iterations.</summary>
    public int Iterations { get; set; } = 10;

    /// <summary>Gets or sets the fusion anchor weight alpha.</summary>
    public float Alpha { get; set; } = 1f;

    /// <summary>Gets or sets the fusion penalty weight lambda.</summary>
    public float Lambda { get; set; } = 1f;

    /// <summary>Gets or sets the most gradient steps of fusion.</summary>
    public int Steps { get; set; } = 20;

    /// <summary>Gets or sets the fusion's text prior strength in distinct items (<c>ProfileFuserOptions.TextPriorItems</c>).</summary>
    public double TextPrior { get; set; } = double.PositiveInfinity;

    /// <summary>Gets or sets a value indicating whether the text prior, alpha, lambda and steps are tuned on a validation
    /// split carved from training data (the command line tunes unless <c>--no-tune</c>).</summary>
    public bool Tune { get; set; }

    /// <summary>Gets or sets the cutoff K of the metrics.</summary>
    public int Cutoff { get; set; } = 10;

    /// <summary>Gets or sets the bootstrap replicates.</summary>
    public int BootstrapSamples { get; set; } = 1000;

    /// <summary>Gets or sets a value indicating whether the cross-platform cold-start evaluation runs (synthetic world only).</summary>
    public bool ColdStart { get; set; } = true;

    /// <summary>Gets or sets the number of example persons printed.</summary>
    public int Examples { get; set; } = 2;
}
