// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Profiles.Core.Benchmarks;

/// <summary>Temporary A/B probe: the previous one-pass kernel against the d = 64 fused one, alternating, thread CPU time.</summary>
internal static class KernelAb
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    private static double ThreadMs()
    {
        _ = ClockGetTime(3, out Timespec t);
        return (t.Seconds * 1e3) + (t.Nanoseconds / 1e6);
    }

    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
        string modeA = args.Length > 1 ? args[1] : "generic";
        string modeB = args.Length > 2 ? args[2] : "fused";
        Console.WriteLine($"A = {modeA}, B = {modeB}");
        int[] sizes = [10_000, 100_000, 1_000_000];
        foreach (int n in sizes)
        {
            var (items, user, text) = PeerData.OneUser(n, 64, seed: 11);
            var gradient = new float[64];
            var objective = new FusionObjective(1f);
            int calls = n >= 1_000_000 ? 31 : n >= 100_000 ? 151 : 301;
            double bestOld = double.MaxValue, bestNew = double.MaxValue;
            double lossOld = 0, lossNew = 0;
            float g0Old = 0, g0New = 0;
            for (int round = 0; round < rounds; round++)
            {
                foreach (bool fused in new[] { false, true })
                {
                    string mode = fused ? modeB : modeA;
                    FusionKernel.UseFused64 = mode != "generic";
                    var times = new List<double>(calls);
                    double loss = 0;
                    for (int i = 0; i < calls + 20; i++)
                    {
                        double start = ThreadMs();
                        loss = FusionKernel.LossAndGradient(items, 64, user, text, default, objective, gradient, default).Total;
                        double t = ThreadMs() - start;
                        if (i >= 20)
                        {
                            times.Add(t);
                        }
                    }

                    times.Sort();
                    double lq = times[times.Count / 4];
                    if (fused)
                    {
                        bestNew = Math.Min(bestNew, lq);
                        lossNew = loss;
                        g0New = gradient[0];
                    }
                    else
                    {
                        bestOld = Math.Min(bestOld, lq);
                        lossOld = loss;
                        g0Old = gradient[0];
                    }
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"n={n,8} d=64  old {bestOld,9:F4} ms  new {bestNew,9:F4} ms  speedup {bestOld / bestNew:F3}x  loss old {lossOld:G9} new {lossNew:G9}  g0 {g0Old:G7} / {g0New:G7}"));
        }

        FusionKernel.UseFused64 = true;
        return 0;
    }
}
