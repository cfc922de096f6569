using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Artifacts;

/// <summary>
/// The model file format (".dcm"), version 1. Layout, little-endian:
/// <c>"DCMODEL\0"</c> (8 bytes) · format version (int32) · metadata length (int32) · metadata (UTF-8
/// JSON) · body length (int32) · predictor body (the learner's own binary) · SHA-256 of every byte
/// before it (32 bytes). Reading checks each part and says what is wrong: not a model file, a newer
/// format, truncated, or corrupt.
/// </summary>
public static class ModelArtifactFormat
{
    public const int CurrentVersion = 1;

    /// <summary>Files larger than this are refused rather than read into memory.</summary>
    public const int MaxFileBytes = int.MaxValue - 64;

    private const int HashBytes = 32;

    private static readonly byte[] Magic = "DCMODEL\0"u8.ToArray();

    /// <summary>The JSON conventions of the metadata: snake_case names, enums as text, NaN allowed.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        RespectNullableAnnotations = true, // a hand-edited null where the model needs a value is a corrupt file
    };

    public static void Write(Stream stream, ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(artifact);
        var metadata = JsonSerializer.SerializeToUtf8Bytes(artifact.Metadata, JsonOptions);
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            artifact.Predictor.WriteTo(writer);
        }

        using var file = new MemoryStream();
        Span<byte> number = stackalloc byte[4];
        file.Write(Magic);
        BinaryPrimitives.WriteInt32LittleEndian(number, CurrentVersion);
        file.Write(number);
        BinaryPrimitives.WriteInt32LittleEndian(number, metadata.Length);
        file.Write(number);
        file.Write(metadata);
        BinaryPrimitives.WriteInt32LittleEndian(number, checked((int)body.Length));
        file.Write(number);
        body.Position = 0;
        body.CopyTo(file);
        var hash = SHA256.HashData(file.GetBuffer().AsSpan(0, (int)file.Length));
        file.Write(hash);
        file.Position = 0;
        file.CopyTo(stream);
    }

    /// <summary>The artifact as bytes (convenience for storage that keeps blobs).</summary>
    public static byte[] ToBytes(ModelArtifact artifact)
    {
        using var ms = new MemoryStream();
        Write(ms, artifact);
        return ms.ToArray();
    }

    /// <summary>
    /// Reads an artifact; throws <see cref="InputDataException"/> with one line saying what is wrong
    /// for anything that is not an intact model file this build can read.
    /// </summary>
    public static ModelArtifact Read(Stream stream, LearnerCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(catalog);
        var bytes = ReadAll(stream);
        return Read(bytes, catalog);
    }

    public static ModelArtifact Read(ReadOnlySpan<byte> bytes, LearnerCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (bytes.Length == 0)
        {
            throw new InputDataException("the model file is empty");
        }

        var prefix = Math.Min(bytes.Length, Magic.Length);
        if (!bytes[..prefix].SequenceEqual(Magic.AsSpan(0, prefix)))
        {
            throw new InputDataException("not a DriftCatcher model file (no DCMODEL header)");
        }

        var at = Magic.Length;
        var version = ReadInt(bytes, ref at, "format version");
        if (version > CurrentVersion)
        {
            throw new InputDataException($"model format version {version} is newer than this build supports ({CurrentVersion})");
        }

        if (version < 1)
        {
            throw new InputDataException($"the model file is corrupt: format version {version}");
        }

        var metadataLength = ReadInt(bytes, ref at, "metadata length");
        var metadata = ReadBlock(bytes, ref at, metadataLength, "metadata");
        var bodyLength = ReadInt(bytes, ref at, "body length");
        var body = ReadBlock(bytes, ref at, bodyLength, "model parameters");
        if (bytes.Length < at + HashBytes)
        {
            throw new InputDataException($"the model file is truncated: {bytes.Length} bytes, {at + HashBytes} expected");
        }

        if (bytes.Length > at + HashBytes)
        {
            throw new InputDataException($"the model file is corrupt: {bytes.Length - at - HashBytes} unexpected bytes after the end");
        }

        Span<byte> hash = stackalloc byte[HashBytes];
        SHA256.HashData(bytes[..at], hash);
        if (!hash.SequenceEqual(bytes.Slice(at, HashBytes)))
        {
            throw new InputDataException("the model file is corrupt: checksum mismatch");
        }

        ModelMetadata meta;
        try
        {
            meta = JsonSerializer.Deserialize<ModelMetadata>(metadata, JsonOptions)
                ?? throw new InputDataException("the model file is corrupt: empty metadata");
        }
        catch (JsonException ex)
        {
            throw new InputDataException($"the model file is corrupt: unreadable metadata ({ex.Message})", ex);
        }

        if (meta.Classes.Distinct(StringComparer.Ordinal).Count() != meta.Classes.Count)
        {
            throw new InputDataException("the model file is corrupt: a class is listed twice");
        }

        if (!catalog.Contains(meta.Algorithm))
        {
            throw new InputDataException($"the model uses algorithm '{meta.Algorithm}', which this build does not know (known: {string.Join(", ", catalog.Algorithms)})");
        }

        IPredictor predictor;
        using (var ms = new MemoryStream(body.ToArray(), writable: false))
        using (var reader = new BinaryReader(ms, System.Text.Encoding.UTF8))
        {
            try
            {
                predictor = catalog.ReadPredictor(meta.Algorithm, reader);
            }
            catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or IOException or FormatException or OverflowException or ArgumentException)
            {
                throw new InputDataException($"the model file is corrupt: unreadable parameters ({ex.Message})", ex);
            }

            if (ms.Position != ms.Length)
            {
                throw new InputDataException("the model file is corrupt: parameters longer than the model reads");
            }
        }

        return new ModelArtifact(meta, predictor);
    }

    private static int ReadInt(ReadOnlySpan<byte> bytes, ref int at, string what)
    {
        if (bytes.Length < at + 4)
        {
            throw new InputDataException($"the model file is truncated: it ends before the {what}");
        }

        var value = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(at, 4));
        at += 4;
        return value;
    }

    private static ReadOnlySpan<byte> ReadBlock(ReadOnlySpan<byte> bytes, ref int at, int length, string what)
    {
        if (length < 0)
        {
            throw new InputDataException($"the model file is corrupt: negative {what} length");
        }

        if ((long)at + length > bytes.Length)
        {
            throw new InputDataException($"the model file is truncated: the {what} need {length} bytes, {bytes.Length - at} remain");
        }

        var block = bytes.Slice(at, length);
        at += length;
        return block;
    }

    private static byte[] ReadAll(Stream stream)
    {
        if (stream.CanSeek && stream.Length - stream.Position > MaxFileBytes)
        {
            throw new InputDataException($"the model file is larger than {MaxFileBytes} bytes");
        }

        // A stream without a length (a pipe, /dev/zero) is read in pieces, its header checked as soon as it is in and
        // its size as it grows: /dev/zero as --model ran for 53 s into an OutOfMemoryException.
        using var ms = new MemoryStream();
        var buffer = new byte[1 << 16];
        var headerChecked = false;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            ms.Write(buffer, 0, read);
            if (!headerChecked && ms.Length >= Magic.Length)
            {
                if (!ms.GetBuffer().AsSpan(0, Magic.Length).SequenceEqual(Magic))
                {
                    throw new InputDataException("not a DriftCatcher model file (no DCMODEL header)");
                }

                headerChecked = true;
            }

            if (ms.Length > MaxFileBytes)
            {
                throw new InputDataException($"the model file is larger than {MaxFileBytes} bytes");
            }
        }

        return ms.ToArray();
    }
}
