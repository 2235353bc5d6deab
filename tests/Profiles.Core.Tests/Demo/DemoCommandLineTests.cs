// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Profiles.Demo;
using Spectre.Console;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>
/// The demo's command line as a user meets it: bad arguments, a missing MovieLens folder and an unreachable LLM each
/// give a clear message and their own non-zero exit code (the program's entry point runs in-process).
/// </summary>
[Trait("Category", "Integration")]
[Collection(ConsoleLock.Collection)]
public sealed class DemoCommandLineTests
{
    [Theory]
    [InlineData(new[] { "--persons", "-5" }, "--persons must be between 100 and 2,000,000; got -5.")]
    [InlineData(new[] { "--persons", "50" }, "--persons must be between 100 and 2,000,000; got 50.")]
    [InlineData(new[] { "--persons", "abc" }, "Cannot parse argument 'abc' for option '--persons'")]
    [InlineData(new[] { "--alpha", "many" }, "Cannot parse argument 'many' for option '--alpha'")]
    [InlineData(new[] { "--lambda", "-1" }, "--lambda must be a finite number >= 0; got -1.")]
    [InlineData(new[] { "--colour", "red" }, "Unrecognized command or argument '--colour'.")]
    [InlineData(new[] { "--persons" }, "Required argument missing for option: '--persons'.")]
    [InlineData(new[] { "--embedder", "bert" }, "Argument 'bert' not recognized. Must be one of:")]
    [InlineData(new[] { "--llm", "openai=localhost:9,model" }, "--llm: 'localhost:9' is not an http or https address.")]
    [InlineData(new[] { "--llm", "gpt" }, "--llm expects ollama=<url>,<model> or openai=<url>,<model>; got 'gpt'.")]
    public void Main_BadArguments_ExplainsOnStandardErrorAndExitsWithTwo(string[] args, string message)
    {
        (int exitCode, string output, string error) = RunMain(args);

        Assert.Equal(DemoConsole.ExitBadArguments, exitCode);
        Assert.Contains("error: " + message, error, StringComparison.Ordinal);
        Assert.Contains("Run with --help for the options.", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Main_Help_ListsTheOptionsAndExitsWithZero()
    {
        (int exitCode, string output, _) = RunMain(["--help"]);

        Assert.Equal(DemoConsole.ExitOk, exitCode);
        foreach (string option in new[] { "--persons", "--movielens", "--llm", "--embedder", "--tune", "--output" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_MissingMovieLensFolder_SaysWhichAndExitsWithThree()
    {
        string folder = Path.Combine(Path.GetTempPath(), "profiles-no-such-folder-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        int exitCode = await DemoConsole.RunAsync(TextConsole(output), new DemoOptions { MovieLensFolder = folder }, CancellationToken.None);

        Assert.Equal(DemoConsole.ExitMissingData, exitCode);
        Assert.Contains($"error: the MovieLens folder {folder} does not exist.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FolderWithoutRatings_SaysWhatIsMissingAndExitsWithThree()
    {
        string folder = Directory.CreateTempSubdirectory("profiles-empty-movielens-").FullName;
        try
        {
            using var output = new StringWriter(CultureInfo.InvariantCulture);

            int exitCode = await DemoConsole.RunAsync(TextConsole(output), new DemoOptions { MovieLensFolder = folder }, CancellationToken.None);

            Assert.Equal(DemoConsole.ExitMissingData, exitCode);
            Assert.Contains("holds neither ratings.csv (ml-latest-small) nor u.data (ML-100K)", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_UnreachableLlm_FallsBackSaysSoAndExitsWithFour()
    {
        string folder = Path.Combine(Path.GetTempPath(), "profiles-demo-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var output = new StringWriter(CultureInfo.InvariantCulture);
            var options = new DemoOptions
            {
                Persons = 100,
                BootstrapSamples = 100,
                ColdStart = false,
                Examples = 0,
                Output = folder,
                Llm = new LlmSpec("openai", new Uri("http://127.0.0.1:9/v1"), "model"),
            };

            int exitCode = await DemoConsole.RunAsync(TextConsole(output), options, CancellationToken.None);

            string text = output.ToString();
            Assert.Equal(DemoConsole.ExitLlmUnreachable, exitCode);
            Assert.Contains("warning: openai model at http://127.0.0.1:9/v1 is unreachable (", text, StringComparison.Ordinal);
            Assert.Contains("enriching with the extractive enricher instead; exit code 4.", text, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder, "evaluation.html")), text);   // the run still completed
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Creates a plain-text console wide enough that no message is wrapped.</summary>
    private static IAnsiConsole TextConsole(TextWriter writer)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 1_000;
        return console;
    }

    private static (int ExitCode, string Output, string Error) RunMain(string[] args)
    {
        MethodInfo entry = Assembly.Load("Profiles.Demo").EntryPoint!;
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        lock (ConsoleLock.Gate)
        {
            TextWriter originalOut = Console.Out, originalError = Console.Error;
            CultureInfo culture = CultureInfo.CurrentCulture, uiCulture = CultureInfo.CurrentUICulture;
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                object? result = entry.Invoke(null, [args]);
                return ((int)result!, output.ToString(), error.ToString().ReplaceLineEndings("\n"));
            }
            finally
            {
                Console.SetOut(originalOut);
                Console.SetError(originalError);
                CultureInfo.CurrentCulture = culture;
                CultureInfo.CurrentUICulture = uiCulture;
            }
        }
    }
}
