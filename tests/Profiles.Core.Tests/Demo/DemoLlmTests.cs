// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Profiles.Demo;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>The demo's <c>--llm</c> path against an in-test Ollama-compatible server on 127.0.0.1: real calls, the insight
/// cache on disk making a rerun free, and the fallback when the server cannot be reached.</summary>
[Trait("Category", "Integration")]
public sealed class DemoLlmTests
{
    private static readonly string s_answer = new JsonObject
    {
        ["summary"] = "Cooks a lot and follows sports.",
        ["interests"] = new JsonArray(
            new JsonObject { ["tag"] = "food", ["weight"] = 0.9, ["evidence"] = new JsonArray() },
            new JsonObject { ["tag"] = "sports", ["weight"] = 0.5, ["evidence"] = new JsonArray() }),
        ["confidence"] = 0.7,
    }.ToJsonString();

    [Fact]
    public async Task RunAsync_OllamaServer_EnrichesThroughTheModelAndCachesOnDisk()
    {
        await using var server = new LoopbackLlmServer(_ => new LlmReply(200, s_answer), maxRequests: 2_000);
        string output = Path.Combine(Path.GetTempPath(), "profiles-demo-llm-" + Guid.NewGuid().ToString("N"));
        try
        {
            DemoOptions Options() => new()
            {
                Persons = 100,
                Seed = 3,
                BootstrapSamples = 100,
                ColdStart = false,
                Examples = 0,
                Output = output,
                Llm = new LlmSpec("ollama", server.BaseUri, "loopback-model"),
                LlmMaxCalls = 1_000,
            };

            using (DemoPipeline first = await DemoPipeline.RunAsync(Options()))
            {
                EnrichmentReport report = first.Enrichment!.Report;
                Assert.Null(first.LlmUnreachable);
                Assert.StartsWith("chat: ollama loopback-model", first.EnricherName, StringComparison.Ordinal);
                Assert.True(report.Enriched > 70, report.ToString());
                Assert.Equal(report.Enriched, (int)report.Calls);
                Assert.Equal(report.Fallback, report.FallbacksBy(EnrichmentFallbackReason.NoHistory));
                Assert.All(first.Enrichment.Results.Where(r => r.Outcome == EnrichmentOutcome.Enriched), r =>
                {
                    Assert.Equal("Cooks a lot and follows sports.", r.Insight!.Summary);
                    Assert.Equal(["food", "sports"], r.Insight.Interests.Select(i => i.Tag));
                });
            }

            Assert.True(File.Exists(Path.Combine(output, "insight-cache.json")));
            int requests = server.Requests.Count;

            using DemoPipeline second = await DemoPipeline.RunAsync(Options());
            EnrichmentReport again = second.Enrichment!.Report;
            Assert.Equal(0, again.Calls);
            Assert.Equal(0, again.Enriched);
            Assert.True(again.FromCache > 70, again.ToString());
            Assert.Equal(requests + 1, server.Requests.Count);   // only the reachability probe
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task RunAsync_UnreachableServer_FallsBackToExtractiveAndSaysSo()
    {
        string output = Path.Combine(Path.GetTempPath(), "profiles-demo-llm-" + Guid.NewGuid().ToString("N"));
        try
        {
            using DemoPipeline run = await DemoPipeline.RunAsync(new DemoOptions
            {
                Persons = 150,
                BootstrapSamples = 100,
                ColdStart = false,
                Examples = 0,
                Output = output,
                Llm = new LlmSpec("ollama", new Uri("http://127.0.0.1:1/"), "missing-model"),
            });

            Assert.NotNull(run.LlmUnreachable);
            Assert.Contains("unreachable", run.LlmUnreachable, StringComparison.Ordinal);
            Assert.StartsWith("extractive", run.EnricherName, StringComparison.Ordinal);
            Assert.Equal(0, run.Enrichment!.Report.Calls);
            Assert.True(run.Enrichment.Report.Enriched > 100);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("ollama=http://localhost:11434,llama3.2", "ollama", "llama3.2")]
    [InlineData("openai=https://example.invalid/v1,my-model", "openai", "my-model")]
    public void TryParse_ValidSpec_Parses(string text, string provider, string model)
    {
        Assert.True(LlmSpec.TryParse(text, out LlmSpec? spec, out string error), error);
        Assert.Equal(provider, spec.Provider);
        Assert.Equal(model, spec.Model);
    }

    [Theory]
    [InlineData("llama3.2")]
    [InlineData("bard=http://localhost,model")]
    [InlineData("ollama=localhost:11434,model")]
    [InlineData("ollama=http://localhost:11434,")]
    public void TryParse_InvalidSpec_ExplainsWhy(string text)
    {
        Assert.False(LlmSpec.TryParse(text, out _, out string error));
        Assert.StartsWith("--llm", error, StringComparison.Ordinal);
    }
}
