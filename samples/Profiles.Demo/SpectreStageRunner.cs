// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using Spectre.Console;

namespace Profiles.Demo;

/// <summary>Shows a Spectre.Console progress bar for each stage.</summary>
/// <param name="console">The console.</param>
internal sealed class SpectreStageRunner(IAnsiConsole console) : IStageRunner
{
    /// <inheritdoc />
    public async Task<T> RunAsync<T>(string title, Func<IProgress<StageProgress>, Task<T>> work)
    {
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(title), maxValue: 1);
                task.IsIndeterminate = true;
                var progress = new SyncProgress<StageProgress>(p =>
                {
                    if (p.Total > 0)
                    {
                        task.IsIndeterminate = false;
                        task.MaxValue = p.Total;
                        task.Value = Math.Min(p.Completed, p.Total);
                    }
                });
                result = await work(progress).ConfigureAwait(false);
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.StopTask();
            }).ConfigureAwait(false);
        return result;
    }
}
