// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Profiles.Core;

/// <summary>Splits a UTF-8 stream into lines without decoding them, numbering them from 1 and skipping a byte-order mark.</summary>
internal static class JsonLines
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>A line's bytes (without the line break) and its 1-based number. The bytes are only valid until the next line.</summary>
    public delegate bool LineHandler<T>(ReadOnlySpan<byte> line, long lineNumber, out T value);

    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream stream, LineHandler<T> handler,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PipeReader pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 1 << 16, leaveOpen: true));
        long lineNumber = 0;
        bool first = true;
        var values = new List<T>();
        try
        {
            while (true)
            {
                ReadResult read = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = read.Buffer;
                values.Clear();
                SequencePosition consumed = Split(ref buffer, read.IsCompleted, handler, values, ref lineNumber, ref first);
                pipe.AdvanceTo(consumed, buffer.End);
                foreach (T value in values)
                {
                    yield return value;
                }

                if (read.IsCompleted)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static SequencePosition Split<T>(ref ReadOnlySequence<byte> buffer, bool completed, LineHandler<T> handler, List<T> values,
        ref long lineNumber, ref bool first)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            ReadOnlySpan<byte> line;
            byte[]? rented = null;
            if (reader.TryReadTo(out ReadOnlySequence<byte> sequence, (byte)'\n'))
            {
                line = Flatten(sequence, ref rented);
            }
            else if (completed && !reader.End)
            {
                line = Flatten(reader.UnreadSequence, ref rented);
                reader.AdvanceToEnd();
            }
            else
            {
                return reader.Position;
            }

            try
            {
                lineNumber++;
                line = Trim(line, ref first);
                if (!line.IsEmpty && handler(line, lineNumber, out T value))
                {
                    values.Add(value);
                }
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }

    private static ReadOnlySpan<byte> Flatten(ReadOnlySequence<byte> sequence, scoped ref byte[]? rented)
    {
        if (sequence.IsSingleSegment)
        {
            return sequence.FirstSpan;
        }

        rented = ArrayPool<byte>.Shared.Rent((int)sequence.Length);
        sequence.CopyTo(rented);
        return rented.AsSpan(0, (int)sequence.Length);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line, scoped ref bool first)
    {
        if (first)
        {
            first = false;
            if (line.StartsWith(Bom))
            {
                line = line[Bom.Length..];
            }
        }

        return line.Trim(" \t\r"u8);
    }
}
