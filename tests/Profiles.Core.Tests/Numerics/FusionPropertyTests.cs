// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>The properties of docs/math.md, checked with FsCheck against float64 references.</summary>
[Trait("Category", "Numerics")]
public class FusionPropertyTests
{
    private static Arbitrary<float[]> Logits(float scale) => FusionData.Vector(1, 300, scale).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Softmax_SumsToOne_AndEntriesInUnitInterval() =>
        Prop.ForAll(Logits(50f), z =>
        {
            var p = new float[z.Length];
            FusionKernel.Softmax(z, p);
            double sum = p.Sum(x => (double)x);
            return (Math.Abs(sum - 1d) <= 1e-5 && p.All(x => x >= 0f && x <= 1f)).Label($"sum = {sum}");
        });

    [Property(MaxTest = 300)]
    public Property Softmax_EqualsFloat64Reference() =>
        Prop.ForAll(Logits(80f), z =>
        {
            var p = new float[z.Length];
            var reference = new double[z.Length];
            FusionKernel.Softmax(z, p);
            FusionReference.Softmax(FusionData.ToDouble(z), reference);
            return Enumerable.Range(0, z.Length).All(i => Tolerance.Near(reference[i], p[i], 1e-5, 1e-7));
        });

    [Property(MaxTest = 300)]
    public Property Softmax_InvariantToAddingAConstant() =>
        Prop.ForAll(Logits(20f), FusionData.FloatIn(-100f, 100f).ToArbitrary(), (z, c) =>
        {
            float[] shifted = z.Select(x => x + c).ToArray();
            var p = new float[z.Length];
            var q = new float[z.Length];
            FusionKernel.Softmax(z, p);
            FusionKernel.Softmax(shifted, q);

            // The shift itself rounds the logits by up to |c| * 2^-24, which moves each P by about that much relatively.
            return Enumerable.Range(0, z.Length).All(i => Tolerance.Near(p[i], q[i], 2e-5, 1e-7));
        });

    [Property(MaxTest = 300)]
    public Property Softmax_PreservesOrder() =>
        Prop.ForAll(Logits(30f), z =>
        {
            var p = new float[z.Length];
            FusionKernel.Softmax(z, p);
            for (int i = 0; i < z.Length; i++)
            {
                for (int j = 0; j < z.Length; j++)
                {
                    if (z[i] < z[j] && p[i] > p[j])
                    {
                        return false.Label($"z[{i}] < z[{j}] but p[{i}] > p[{j}]");
                    }
                }
            }

            return true.ToProperty();
        });

    [Property(MaxTest = 200)]
    public Property Softmax_HugeLogits_NoNaNOrInfinity() =>
        Prop.ForAll(FusionData.Vector(1, 100, 1e30f).ToArbitrary(), z =>
        {
            var p = new float[z.Length];
            FusionKernel.Softmax(z, p);
            double s = FusionKernel.CollisionProbability(z);
            double sum = p.Sum(x => (double)x);
            return p.All(float.IsFinite) && double.IsFinite(s) && Math.Abs(sum - 1d) <= 1e-5;
        });

    [Property(MaxTest = 300)]
    public Property CollisionProbability_LiesBetweenOneOverNAndOne() =>
        Prop.ForAll(Logits(60f), z =>
        {
            double s = FusionKernel.CollisionProbability(z);
            double lower = 1d / z.Length;
            return (s >= lower * (1 - 1e-5) && s <= 1d + 1e-6).Label($"S = {s}, 1/n = {lower}");
        });

    [Property(MaxTest = 200)]
    public Property CollisionProbability_EqualLogits_IsOneOverN() =>
        Prop.ForAll(Gen.Choose(1, 1000).ToArbitrary(), FusionData.FloatIn(-1e4f, 1e4f).ToArbitrary(), (n, value) =>
        {
            float[] z = Enumerable.Repeat(value, n).ToArray();
            return Tolerance.Near(1d / n, FusionKernel.CollisionProbability(z), 1e-6);
        });

    [Property(MaxTest = 150)]
    public Property ReferenceGradient_EqualsCentralFiniteDifferences() =>
        Prop.ForAll(FusionData.Case(40, 12, 3f).ToArbitrary(), c =>
        {
            double[] user = FusionData.ToDouble(c.User);
            double[] text = FusionData.ToDouble(c.Text);
            double[] anchor = FusionData.ToDouble(c.Anchor);
            var gradient = new double[c.D];
            FusionReference.LossAndGradient(c.Items, c.D, user, text, anchor, c.Lambda, c.Alpha, gradient);
            double scale = gradient.Max(Math.Abs);
            for (int j = 0; j < c.D; j++)
            {
                double h = 1e-5 * Math.Max(1d, Math.Abs(user[j]));
                double saved = user[j];
                user[j] = saved + h;
                double plus = FusionReference.LossAndGradient(c.Items, c.D, user, text, anchor, c.Lambda, c.Alpha, default).Total;
                user[j] = saved - h;
                double minus = FusionReference.LossAndGradient(c.Items, c.D, user, text, anchor, c.Lambda, c.Alpha, default).Total;
                user[j] = saved;
                double numeric = (plus - minus) / (2 * h);
                if (Math.Abs(numeric - gradient[j]) > 1e-3 * Math.Max(scale, 1e-3))
                {
                    return false.Label($"{c}: j={j} analytic {gradient[j]} numeric {numeric}");
                }
            }

            return true.ToProperty();
        });

    [Property(MaxTest = 150)]
    public Property Kernels_EqualFloat64AnalyticReference() =>
        Prop.ForAll(FusionData.Case(600, 80, 6f).ToArbitrary(), c =>
        {
            var expected = new double[c.D];
            FusionLoss reference = c.Reference(expected);
            var one = new float[c.D];
            var two = new float[c.D];
            var batch = new float[c.D];
            var batchLoss = new FusionLoss[1];
            FusionLoss lossOne = FusionKernel.LossAndGradient(c.Items, c.D, c.User, c.Text, c.Anchor, c.Objective, one, default);
            FusionLoss lossTwo = FusionKernel.LossAndGradientTwoPass(c.Items, c.D, c.User, c.Text, c.Anchor, c.Objective, two, default, new float[c.N]);
            FusionKernel.LossAndGradientBatch(c.Items, c.D, c.User, c.Text, c.Anchor, c.Objective, batch, batchLoss, 1);
            double absolute = 1e-5 * (1 + c.Lambda);
            Tolerance.Vectors(expected, one, 1e-4, absolute, $"one-pass {c}");
            Tolerance.Vectors(expected, two, 1e-4, absolute, $"two-pass {c}");
            Tolerance.Vectors(expected, batch, 1e-4, absolute, $"batched {c}");
            return (Tolerance.Near(reference.Total, lossOne.Total, 1e-5, 1e-6) &&
                    Tolerance.Near(reference.Total, lossTwo.Total, 1e-5, 1e-6) &&
                    Tolerance.Near(reference.Total, batchLoss[0].Total, 1e-5, 1e-6)).Label(c.ToString());
        });

    [Property(MaxTest = 100)]
    public Property Gradient_VanishesAtClosedFormMinimiser_WhenLambdaIsZero() =>
        Prop.ForAll(FusionData.Case(50, 40, 2f).ToArbitrary(), c =>
        {
            // lambda = 0: the minimiser of alpha ||U - B||^2 + ||U - T||^2 is (alpha B + T) / (1 + alpha).
            float[] minimiser = Enumerable.Range(0, c.D).Select(j => ((c.Alpha * c.Anchor[j]) + c.Text[j]) / (1f + c.Alpha)).ToArray();
            var gradient = new float[c.D];
            FusionKernel.LossAndGradient(c.Items, c.D, minimiser, c.Text, c.Anchor, new FusionObjective(0f, c.Alpha), gradient, default);
            return gradient.All(g => Math.Abs(g) <= 1e-5f * (1 + c.Alpha)).Label(c.ToString());
        });
}
