// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Profiles.Core;
using Spectre.Console;

namespace Profiles.Demo;

/// <summary>Runs the pipeline stage by stage on the console, printing each stage's results as it finishes.</summary>
internal static class DemoConsole
{
    /// <summary>The exit code of a complete run.</summary>
    public const int ExitOk = 0;

    /// <summary>The exit code of an unexpected failure.</summary>
    public const int ExitFailed = 1;

    /// <summary>The exit code of invalid command-line arguments.</summary>
    public const int ExitBadArguments = 2;

    /// <summary>The exit code of a missing or unreadable data folder.</summary>
    public const int ExitMissingData = 3;

    /// <summary>The exit code of a run that completed with the extractive enricher because the LLM could not be reached.</summary>
    public const int ExitLlmUnreachable = 4;

    /// <summary>The exit code of a cancelled run (Ctrl+C).</summary>
    public const int ExitCancelled = 130;

    private static readonly RankingMetric[] s_shown = [RankingMetric.Ndcg, RankingMetric.Precision, RankingMetric.Recall, RankingMetric.Map, RankingMetric.HitRate, RankingMetric.Coverage];

    /// <summary>Runs the demo.</summary>
    /// <param name="console">The console.</param>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(IAnsiConsole console, DemoOptions options, CancellationToken cancellationToken)
    {
        if (options.MovieLensFolder is { } folder)
        {
            if (!Directory.Exists(folder))
            {
                console.MarkupLineInterpolated($"[red]error:[/] the MovieLens folder {Path.GetFullPath(folder)} does not exist.");
                return ExitMissingData;
            }

            if (!File.Exists(Path.Combine(folder, "ratings.csv")) && !File.Exists(Path.Combine(folder, "u.data")))
            {
                console.MarkupLineInterpolated($"[red]error:[/] {Path.GetFullPath(folder)} holds neither ratings.csv (ml-latest-small) nor u.data (ML-100K).");
                return ExitMissingData;
            }
        }

        var total = Stopwatch.StartNew();
        using var pipeline = new DemoPipeline(options, new SpectreStageRunner(console));
        try
        {
            console.Write(new Rule("[bold]Profiles.Core demo[/]").LeftJustified());
            await pipeline.LoadAsync(cancellationToken).ConfigureAwait(false);
            console.MarkupLineInterpolated($"Data: {pipeline.DataDescription}");
            await pipeline.IngestAsync(cancellationToken).ConfigureAwait(false);
            PrintIngestion(console, pipeline);
            await pipeline.ResolveAsync(cancellationToken).ConfigureAwait(false);
            PrintIdentity(console, pipeline);
            await pipeline.BuildAsync(cancellationToken).ConfigureAwait(false);
            PrintProfiles(console, pipeline);
            await pipeline.EnrichAsync(cancellationToken).ConfigureAwait(false);
            PrintEnrichment(console, pipeline);
            await pipeline.TuneAsync(cancellationToken).ConfigureAwait(false);
            PrintTuning(console, pipeline);
            await pipeline.FuseAsync(cancellationToken).ConfigureAwait(false);
            PrintFusion(console, pipeline);
            await pipeline.EvaluateAsync(cancellationToken).ConfigureAwait(false);
            PrintEvaluation(console, "Before vs after enrichment", pipeline.Evaluation!);
            await pipeline.ColdStartAsync(cancellationToken).ConfigureAwait(false);
            if (pipeline.ColdStartTuning is { } coldTuning)
            {
                PrintTuning(console, "Fusion tuning for cold start (a cold-start split of the cold-start training side)", coldTuning);
            }

            if (pipeline.ColdStartEvaluation is { } cold)
            {
                ProfileFusionOptions f = pipeline.ColdStartFuserOptions.Fusion;
                console.MarkupLineInterpolated($"  cold-start fusion: text prior {pipeline.ColdStartFuserOptions.TextPriorItems:G4}, alpha {f.Alpha:G4}, lambda {f.Lambda:G4}, at most {f.MaxIterations} steps");
                PrintEvaluation(console, "Cross-platform cold start", cold);
            }

            pipeline.PickExamples();
            PrintExamples(console, pipeline);
            pipeline.WriteReports();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]cancelled[/]");
            return ExitCancelled;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitMissingData;
        }

        console.Write(new Rule("[bold]Reports[/]").LeftJustified());
        foreach (string file in pipeline.Files)
        {
            console.MarkupLineInterpolated($"  wrote {file}");
        }

        console.MarkupLineInterpolated($"  stages: {string.Join(", ", pipeline.Timings.Select(t => $"{t.Stage} {t.Elapsed.TotalSeconds:F1} s"))}");
        console.MarkupLineInterpolated($"  total {total.Elapsed.TotalSeconds:F1} s");
        if (pipeline.LlmUnreachable is { } why)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {why}; exit code {ExitLlmUnreachable}.");
            return ExitLlmUnreachable;
        }

        return ExitOk;
    }

    private static void PrintIngestion(IAnsiConsole console, DemoPipeline pipeline)
    {
        IngestionReport report = pipeline.Clean!.Report;
        console.Write(new Rule("Ingestion").LeftJustified());
        console.MarkupLineInterpolated($"  read {report.Read:N0} rows: accepted {report.Accepted:N0}, rejected {report.Rejected:N0}, merged duplicates {report.Merged:N0} (balanced: {report.IsBalanced})");
        var table = new Table().AddColumns("reason", "rows", "example");
        foreach ((RejectionReason reason, long count) in report.CountsByReason().Where(p => p.Value > 0).OrderByDescending(p => p.Value))
        {
            IReadOnlyList<IngestionSample> samples = report.Samples(reason);
            string sample = samples.Count > 0 ? Cut(samples[0].Detail, 70) : string.Empty;
            table.AddRow(Markup.Escape(reason.ToString()), count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(sample));
        }

        console.Write(table);
        if (pipeline.World is { } world)
        {
            SyntheticGroundTruth truth = world.GroundTruth;
            string planted = string.Join(", ", Enum.GetValues<DirtyRowKind>().Where(k => k != DirtyRowKind.None && truth.CountOf(k) > 0).Select(k => $"{k} {truth.CountOf(k):N0}"));
            console.MarkupLineInterpolated($"  ground truth: {truth.DirtyRows.Count:N0} dirty rows planted ({planted}); {report.BotAccounts.Count} bot-like accounts flagged of {truth.BotAccounts.Count} planted");
        }
    }

    private static void PrintIdentity(IAnsiConsole console, DemoPipeline pipeline)
    {
        IdentityGraph graph = pipeline.Graph!;
        IdentityResolutionReport report = graph.Report;
        console.Write(new Rule("Identity resolution").LeftJustified());
        console.MarkupLineInterpolated($"  {report.Accounts:N0} accounts -> {report.Persons:N0} persons; {report.DeterministicLinks:N0} deterministic, {report.ProbabilisticLinks:N0} probabilistic and {report.CombinedLinks:N0} combined links; threshold {graph.MatchThreshold:F2} bits; {report.PairsScored:N0} pairs scored");
        if (pipeline.IdentityScores is { } scores)
        {
            console.MarkupLineInterpolated($"  against the ground truth ({scores.TruePersons:N0} true persons incl. bots): pairwise precision [bold]{scores.Precision:F4}[/], recall [bold]{scores.Recall:F4}[/], F1 {scores.F1:F4}");
        }
    }

    private static void PrintProfiles(IAnsiConsole console, DemoPipeline pipeline)
    {
        ProfileModel model = pipeline.Model!;
        EvaluationSplitMetadata split = pipeline.Split!.Metadata;
        console.Write(new Rule("Profiles").LeftJustified());
        console.MarkupLineInterpolated($"  split: {split.Description}; {split.TrainEvents:N0} training events, {split.TestPositives:N0} held-out positives of {split.TestUsers:N0} test persons");
        double loss = model.Factors.LossHistory.Count > 0 ? model.Factors.LossHistory[^1] : double.NaN;
        console.MarkupLineInterpolated($"  {model.Profiles.Count:N0} profiles over {model.Matrix.Items.Count:N0} items ({model.Matrix.ByPerson.NonZeroCount:N0} non-zeros); ALS rank {model.Factors.Rank}, final loss {loss:G4}; {model.Segments?.Clusters ?? 0} segments");
    }

    private static void PrintEnrichment(IAnsiConsole console, DemoPipeline pipeline)
    {
        console.Write(new Rule("Enrichment").LeftJustified());
        if (pipeline.LlmUnreachable is { } why)
        {
            console.MarkupLineInterpolated($"  [yellow]warning:[/] {why}");
        }

        if (pipeline.LlmNote is { } note)
        {
            console.MarkupLineInterpolated($"  note: {note}");
        }

        EnrichmentReport report = pipeline.Enrichment!.Report;
        console.MarkupLineInterpolated($"  enricher: {pipeline.EnricherName}");
        string fallbacks = string.Join(", ", Enum.GetValues<EnrichmentFallbackReason>().Where(r => report.FallbacksBy(r) > 0).Select(r => $"{r} {report.FallbacksBy(r):N0}"));
        console.MarkupLineInterpolated($"  {report.Total:N0} profiles: enriched {report.Enriched:N0}, from cache {report.FromCache:N0}, fallback {report.Fallback:N0}{(fallbacks.Length > 0 ? $" ({fallbacks})" : string.Empty)}; {report.Calls:N0} LLM calls, {report.InputTokens + report.OutputTokens:N0} tokens, {report.RedactedSpans:N0} PII spans redacted");
    }

    private static void PrintTuning(IAnsiConsole console, DemoPipeline pipeline)
    {
        if (pipeline.Tuning is { } tuning)
        {
            PrintTuning(console, "Fusion tuning (validation split of the training data only)", tuning);
        }

    }

    private static void PrintTuning(IAnsiConsole console, string title, FusionTuningResult tuning)
    {
        console.Write(new Rule(Markup.Escape(title)).LeftJustified());
        console.MarkupLineInterpolated($"  {tuning.Split.Description}; {tuning.ValidationPersons:N0} validation persons; behaviour only: NDCG@{tuning.Cutoff} {tuning.BehaviourNdcg:F4}, recall@{tuning.Cutoff} {tuning.BehaviourRecall:F4}");
        var table = new Table().AddColumns("text prior", "alpha", "lambda", "steps", $"NDCG@{tuning.Cutoff}", $"recall@{tuning.Cutoff}");
        foreach (FusionTrial trial in tuning.Trials.Prepend(tuning.BehaviourOnly))
        {
            string mark = trial == tuning.Best ? "[bold green]" : "[default]";
            table.AddRow(trial.IsBehaviourOnly ? "behaviour only" : $"{trial.TextPrior:G4}", $"{trial.Alpha:G4}", $"{trial.Lambda:G4}", $"{trial.Steps}", $"{mark}{trial.Ndcg:F4}[/]", $"{trial.Recall:F4}");
        }

        console.Write(table);
        console.MarkupLineInterpolated($"  best: text prior {tuning.Best.TextPrior:G4}, alpha {tuning.Best.Alpha:G4}, lambda {tuning.Best.Lambda:G4}, {tuning.Best.Steps} steps ({(tuning.FusionHelps ? "beats" : "does not beat")} behaviour only on validation)");
    }

    private static void PrintFusion(IAnsiConsole console, DemoPipeline pipeline)
    {
        ProfileFuserResult fusion = pipeline.Fusion!;
        ProfileFusionOptions o = pipeline.FuserOptions.Fusion;
        console.Write(new Rule("Fusion").LeftJustified());
        console.MarkupLineInterpolated($"  text projection R² on the items {pipeline.ProjectionRSquared:F3}; text prior {pipeline.FuserOptions.TextPriorItems:G4}, alpha {o.Alpha}, lambda {o.Lambda}, at most {o.MaxIterations} steps");
        console.MarkupLineInterpolated($"  fused {fusion.Fused:N0} persons ({fusion.WithoutText:N0} without an insight keep their behaviour vector) in {fusion.Elapsed.TotalSeconds:F1} s; mean loss {fusion.MeanInitialLoss:G4} -> {fusion.MeanFinalLoss:G4} in {fusion.MeanIterations:F1} steps; stops: {string.Join(", ", fusion.StopReasons.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:N0}"))}");
    }

    private static void PrintEvaluation(IAnsiConsole console, string title, EvaluationReport report)
    {
        console.Write(new Rule(Markup.Escape(title)).LeftJustified());
        console.MarkupLineInterpolated($"  {report.Split.Description}: {report.Users.Count:N0} test persons, K = {report.Cutoff}, {report.BootstrapSamples:N0} bootstrap replicates, {report.ConfidenceLevel:P0} intervals");
        var table = new Table().AddColumn("system");
        foreach (RankingMetric metric in s_shown)
        {
            table.AddColumn(new TableColumn(Markup.Escape(report.Label(metric))).RightAligned());
        }

        foreach (SystemEvaluation system in report.Systems)
        {
            var cells = new List<string> { Markup.Escape(system.Name) };
            foreach (RankingMetric metric in s_shown)
            {
                ConfidenceInterval ci = system.Metrics[metric];
                cells.Add($"{ci.Estimate:F4} [grey][[{ci.Lower:F4}, {ci.Upper:F4}]][/]");
            }

            table.AddRow(cells.ToArray());
        }

        console.Write(table);
        foreach (SystemComparison comparison in report.Comparisons.Where(c => c.Metric == RankingMetric.Ndcg && IsShown(c)))
        {
            ConfidenceInterval d = comparison.Difference;
            string verdict = d.ExcludesZero ? (d.Estimate > 0 ? "[green]significant gain[/]" : "[red]significant loss[/]") : "[grey]not significant[/]";
            console.MarkupLine($"  {Markup.Escape(comparison.Candidate)} - {Markup.Escape(comparison.Baseline)}: {Markup.Escape(report.Label(RankingMetric.Ndcg))} {d.Estimate:+0.0000;-0.0000} [grey][[{d.Lower:+0.0000;-0.0000}, {d.Upper:+0.0000;-0.0000}]][/] {verdict}");
        }
    }

    private static void PrintExamples(IAnsiConsole console, DemoPipeline pipeline)
    {
        foreach (ExamplePerson example in pipeline.Examples)
        {
            UserProfile profile = example.Profile;
            console.Write(new Rule($"Example: person {profile.Person.Value}").LeftJustified());
            string truth = example.TruePersons switch
            {
                1 => " [green](ground truth: one true person)[/]",
                int n => $" [yellow](ground truth: {n} true persons)[/]",
                null => string.Empty,
            };
            console.MarkupLine($"  accounts: {Markup.Escape(string.Join(", ", example.Accounts))}{truth}");
            console.MarkupLineInterpolated($"  activity: {string.Join("; ", profile.Activity.Select(a => $"{a.Platform} {a.EventCount} events ({string.Join(", ", a.EventsByKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}"))})"))}");
            console.MarkupLine("  interests (time-decayed share of positive signal) with evidence:");
            ItemCatalog catalog = pipeline.Catalog;
            foreach (Interest interest in profile.Interests.Take(4))
            {
                string evidence = string.Join("; ", interest.Evidence.Take(2).Select(e =>
                    $"{e.Kind} \"{(catalog.TryGet(e.Item.Platform, e.Item.Item, out Item? item) ? Cut(item.Title, 40) : e.Item.Item.Value)}\" ({e.Item.Platform}, {e.Timestamp:yyyy-MM-dd})"));
                console.MarkupLineInterpolated($"    {interest.Name,-24} {interest.Weight,6:P1}  {evidence}");
            }

            if (profile.Insight is { } insight)
            {
                console.MarkupLineInterpolated($"  summary ({insight.Source}, confidence {insight.Confidence:F2}): {insight.Summary}");
            }

            console.MarkupLine($"  recommendations (softmax over the fused vector, served from {Markup.Escape(example.Source.ToString())}; [green]✓[/] = the person did interact with it in the held-out events):");
            foreach (ExampleRecommendation r in example.Recommendations)
            {
                string mark = r.HappenedLater ? "[green]✓[/]" : " ";
                console.MarkupLine($"    {mark} {Markup.Escape(Cut(r.Title, 48)),-48} [grey]{Markup.Escape(r.Item.Platform.Value)}, p = {r.Score:F4}[/] {Markup.Escape(r.Explanation)}");
            }
        }
    }

    private static bool IsShown(SystemComparison c) =>
        (c.Baseline == DemoPipeline.PopularitySystem && c.Candidate == DemoPipeline.BehaviourSystem)
        || (c.Baseline == DemoPipeline.ItemKnnSystem && c.Candidate == DemoPipeline.BehaviourSystem)
        || (c.Baseline == DemoPipeline.BehaviourSystem && c.Candidate == DemoPipeline.FusedSystem)
        || (c.Baseline == DemoPipeline.FusedSystem && c.Candidate == DemoPipeline.ShuffledSystem);

    private static string Cut(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}
