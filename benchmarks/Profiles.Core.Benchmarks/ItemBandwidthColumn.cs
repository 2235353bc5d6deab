// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// GB/s of the item matrix C: its size (n x d float32, from the <c>Shape</c> parameter) divided by the mean time.
/// For the two-pass kernel, which reads C twice, this is the effective rate per call, not the bus traffic.
/// </summary>
public sealed class ItemBandwidthColumn : IColumn
{
    public string Id => nameof(ItemBandwidthColumn);

    public string ColumnName => "C GB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Bytes of the item matrix C (n x d float32) per second of mean time, in GB/s";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var shape = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<Shape>().FirstOrDefault();
        var report = summary[benchmarkCase];
        if (shape is null || report?.ResultStatistics is null)
        {
            return "-";
        }

        double seconds = report.ResultStatistics.Mean / 1e9;
        return (shape.ItemBytes / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture);
    }
}
