// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;

namespace Profiles.Demo;

/// <summary>How far a stage is.</summary>
/// <param name="Completed">The units done.</param>
/// <param name="Total">The units in all; 0 while unknown.</param>
internal readonly record struct StageProgress(double Completed, double Total);

/// <summary>Runs the pipeline's long stages: the console shows a progress bar for each, tests run them directly.</summary>
internal interface IStageRunner
{
    /// <summary>Runs one stage.</summary>
    /// <typeparam name="T">What the stage returns.</typeparam>
    /// <param name="title">The stage's title.</param>
    /// <param name="work">The work, reporting its progress.</param>
    /// <returns>What the stage returned.</returns>
    Task<T> RunAsync<T>(string title, Func<IProgress<StageProgress>, Task<T>> work);
}

/// <summary>Runs stages without showing anything.</summary>
internal sealed class SilentStageRunner : IStageRunner
{
    /// <summary>Gets the shared instance.</summary>
    public static SilentStageRunner Instance { get; } = new();

    /// <inheritdoc />
    public Task<T> RunAsync<T>(string title, Func<IProgress<StageProgress>, Task<T>> work) => work(new Ignore());

    private sealed class Ignore : IProgress<StageProgress>
    {
        public void Report(StageProgress value)
        {
        }
    }
}

/// <summary>An <see cref="IProgress{T}"/> that maps reports synchronously on the reporting thread (<see cref="Progress{T}"/>
/// would post them to the thread pool, out of order).</summary>
/// <typeparam name="T">The reported type.</typeparam>
/// <param name="report">What to do with a report.</param>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
