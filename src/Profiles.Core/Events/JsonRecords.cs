// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Profiles.Core;

/// <summary>One JSON Lines event as written on the wire.</summary>
internal sealed class JsonEventRecord
{
    public string? Platform { get; set; }

    public string? Account { get; set; }

    public string? Item { get; set; }

    public string? Kind { get; set; }

    public float? Value { get; set; }

    [JsonConverter(typeof(FlexibleTimestampConverter))]
    public DateTimeOffset? Timestamp { get; set; }

    public string? Text { get; set; }
}

/// <summary>One JSON Lines catalogue item as written on the wire.</summary>
internal sealed class JsonItemRecord
{
    public string? Platform { get; set; }

    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    public List<string>? Categories { get; set; }
}

/// <summary>Reads a timestamp given as an ISO 8601 string or as Unix seconds; writes ISO 8601 round-trip format.</summary>
internal sealed class FlexibleTimestampConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out long seconds) &&
                    TimestampParser.TryParse(seconds.ToString(CultureInfo.InvariantCulture), TimestampFormat.UnixSeconds, out DateTimeOffset whole))
                {
                    return whole;
                }

                if (reader.TryGetDouble(out double fractional) &&
                    TimestampParser.TryParse(fractional.ToString("R", CultureInfo.InvariantCulture), TimestampFormat.UnixSeconds, out DateTimeOffset t))
                {
                    return t;
                }

                throw new JsonException("The timestamp number is not a Unix time in seconds.");
            case JsonTokenType.String:
                string text = reader.GetString()!;
                return TimestampParser.TryParse(text, TimestampFormat.Auto, out DateTimeOffset parsed)
                    ? parsed
                    : throw new JsonException($"'{SepRows.Clip(text)}' is not a timestamp.");
            default:
                throw new JsonException($"A timestamp cannot be a {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is DateTimeOffset t)
        {
            writer.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>The source-generated serialisation metadata for the JSON Lines formats (no reflection, trimming-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(JsonEventRecord))]
[JsonSerializable(typeof(JsonItemRecord))]
internal sealed partial class ProfilesJsonContext : JsonSerializerContext;
