// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Configures <see cref="CsvEventReader"/> and <see cref="CsvEventWriter"/>: the separator, which header
/// names hold which field, and how timestamps are read.</summary>
/// <remarks>
/// <para>A CSV source must have a header row. The account, item and timestamp columns are required; the platform and
/// kind columns may be missing when <see cref="DefaultPlatform"/> and <see cref="DefaultKind"/> say what to use; the value
/// and text columns are optional. Numbers are always culture-invariant (<c>3.5</c>, never <c>3,5</c>), and
/// <c>NaN</c>/<c>Infinity</c> parse (the cleaner rejects them). An empty value or text cell means none.</para>
/// <para>Options are mutable and not thread-safe; readers and writers clone them on construction.</para>
/// </remarks>
public class CsvEventOptions
{
    /// <summary>Initializes a new instance of the <see cref="CsvEventOptions"/> class with the defaults.</summary>
    public CsvEventOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CsvEventOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected CsvEventOptions(CsvEventOptions other)
    {
        Throw.IfNull(other);
        Separator = other.Separator;
        PlatformColumn = other.PlatformColumn;
        AccountColumn = other.AccountColumn;
        ItemColumn = other.ItemColumn;
        KindColumn = other.KindColumn;
        ValueColumn = other.ValueColumn;
        TimestampColumn = other.TimestampColumn;
        TextColumn = other.TextColumn;
        DefaultPlatform = other.DefaultPlatform;
        DefaultKind = other.DefaultKind;
        TimestampFormat = other.TimestampFormat;
    }

    /// <summary>Gets or sets the column separator.</summary>
    /// <value>The default is a comma.</value>
    public char Separator
    {
        get;
        set => field = value is '"' or '\r' or '\n' || char.IsControl(value) && value != '\t'
            ? throw new ArgumentOutOfRangeException(nameof(value), value, "Separator cannot be a quote, a line break or a control character other than tab.")
            : value;
    } = ',';

    /// <summary>Gets or sets the header name of the platform column.</summary>
    /// <value>The default is <c>platform</c>.</value>
    public string PlatformColumn { get; set => field = CheckName(value); } = "platform";

    /// <summary>Gets or sets the header name of the account column.</summary>
    /// <value>The default is <c>account</c>.</value>
    public string AccountColumn { get; set => field = CheckName(value); } = "account";

    /// <summary>Gets or sets the header name of the item column.</summary>
    /// <value>The default is <c>item</c>.</value>
    public string ItemColumn { get; set => field = CheckName(value); } = "item";

    /// <summary>Gets or sets the header name of the kind column.</summary>
    /// <value>The default is <c>kind</c>.</value>
    public string KindColumn { get; set => field = CheckName(value); } = "kind";

    /// <summary>Gets or sets the header name of the value column.</summary>
    /// <value>The default is <c>value</c>.</value>
    public string ValueColumn { get; set => field = CheckName(value); } = "value";

    /// <summary>Gets or sets the header name of the timestamp column.</summary>
    /// <value>The default is <c>timestamp</c>.</value>
    public string TimestampColumn { get; set => field = CheckName(value); } = "timestamp";

    /// <summary>Gets or sets the header name of the text column.</summary>
    /// <value>The default is <c>text</c>.</value>
    public string TextColumn { get; set => field = CheckName(value); } = "text";

    /// <summary>Gets or sets the platform of every row when the source has no platform column.</summary>
    /// <value>The default is <see langword="null"/>: the platform column is required.</value>
    public PlatformId? DefaultPlatform { get; set; }

    /// <summary>Gets or sets the kind of every row when the source has no kind column.</summary>
    /// <value>The default is <see langword="null"/>: the kind column is required.</value>
    public EventKind? DefaultKind { get; set; }

    /// <summary>Gets or sets how timestamps are parsed; writers always write ISO 8601 round-trip format.</summary>
    /// <value>The default is <see cref="TimestampFormat.Auto"/>.</value>
    public TimestampFormat TimestampFormat
    {
        get;
        set => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "TimestampFormat is not defined.");
    } = TimestampFormat.Auto;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual CsvEventOptions Clone() => new(this);

    private static string CheckName(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string paramName = "")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Throw.Argument(paramName, "A column name cannot be null, empty or white space.");
        }

        return value;
    }
}
