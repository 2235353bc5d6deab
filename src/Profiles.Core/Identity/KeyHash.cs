// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Profiles.Core;

/// <summary>A salted SHA-256 hash of one normalised identifier, held as four 64-bit words.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
internal readonly record struct KeyHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Computes <c>SHA256(UTF-8(salt + value))</c>.</summary>
    public static KeyHash Compute(string salt, string value)
    {
        int length = Encoding.UTF8.GetMaxByteCount(salt.Length + value.Length);
        byte[]? rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented is null ? stackalloc byte[512] : rented;
        int written = Encoding.UTF8.GetBytes(salt, buffer);
        written += Encoding.UTF8.GetBytes(value, buffer.Slice(written));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        _ = SHA256.HashData(buffer.Slice(0, written), hash);
        buffer.Slice(0, written).Clear(); // the buffer held the identifier
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return new KeyHash(
            BinaryPrimitives.ReadUInt64BigEndian(hash),
            BinaryPrimitives.ReadUInt64BigEndian(hash.Slice(8)),
            BinaryPrimitives.ReadUInt64BigEndian(hash.Slice(16)),
            BinaryPrimitives.ReadUInt64BigEndian(hash.Slice(24)));
    }

    /// <summary>Compares all 256 bits.</summary>
    public bool Equals(KeyHash other) => A == other.A && B == other.B && C == other.C && D == other.D;

    /// <summary>Returns 32 bits of the hash: SHA-256 output is uniform, so no mixing is needed.</summary>
    public override int GetHashCode() => (int)A;

    /// <summary>Formats the hash as 64 lower-case hex digits.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.Slice(8), B);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.Slice(16), C);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.Slice(24), D);
        return Convert.ToHexStringLower(bytes);
    }
}
