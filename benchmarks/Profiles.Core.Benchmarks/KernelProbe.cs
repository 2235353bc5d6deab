// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// TEMPORARY A/B probe: the one-pass kernel against the pre-change kernel, alternating in one process.
/// Usage: <c>kernel [rounds]</c>.
/// </summary>
internal static class KernelProbe
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        (int N, int D)[] shapes = args.Length > 1 ? [(10_000, 64), (100_000, 64), (1_000_000, 64), (100_000, 256), (100_000, 50)] : [(10_000, 64), (100_000, 64), (1_000_000, 64)];
        foreach (var (n, d) in shapes)
        {
            var (items, user, text) = PeerData.OneUser(n, d, seed: 11);
            var g1 = new float[d];
            var g2 = new float[d];
            var objective = new FusionObjective(1f);
            double l1 = 0, l2 = 0;
            Action baseline = () => l1 = BaselineKernel.Run(items, d, user, text, objective, g1).Total;
            Action current = () => l2 = FusionKernel.LossAndGradient(items, d, user, text, default, objective, g2, default).Total;
            for (int i = 0; i < 20; i++)
            {
                baseline();
                current();
            }

            double maxDiff = 0;
            for (int j = 0; j < d; j++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(g1[j] - g2[j]) / Math.Max(1e-6, Math.Abs(g1[j])));
            }

            var tb = new List<double>();
            var tc = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                tb.Add(Median(baseline, n));
                tc.Add(Median(current, n));
            }

            tb.Sort();
            tc.Sort();
            double mb = tb[0], mc = tc[0];
            double bytes = 4.0 * n * d;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n}x{d}: baseline {mb:F3} ms ({bytes / mb / 1e6:F1} GB/s)  new {mc:F3} ms ({bytes / mc / 1e6:F1} GB/s)  speedup {mb / mc:F2}x  loss rel {Math.Abs(l1 - l2) / Math.Abs(l1):E1} grad rel {maxDiff:E1}"));
        }

        return 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static double ThreadMs()
    {
        _ = ClockGetTime(3, out TimeSpec t);
        return (t.Seconds * 1e3) + (t.Nanoseconds * 1e-6);
    }

    private static readonly bool s_cpu = Environment.GetEnvironmentVariable("PK_CPU") == "1";

    private static double Median(Action action, int n)
    {
        int reps = n >= 1_000_000 ? 15 : n >= 100_000 ? 61 : 301;
        var times = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            double c0 = ThreadMs();
            action();
            times[i] = s_cpu ? ThreadMs() - c0 : Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[reps / 4];
    }
}
