namespace FhirChain.Interop.Mllp;

/// <summary>
/// Reads MLLP frames (0x0B payload 0x1C 0x0D) from a stream. A frame may arrive split over many
/// reads and one read may hold several frames. Whitespace (CR, LF, space, tab) between frames is
/// tolerated; any other byte outside a frame is junk and ends the stream with an error, as does a
/// frame longer than the maximum.
/// </summary>
public sealed class MllpFrameReader
{
    private readonly Stream stream;
    private readonly int maxFrameBytes;
    private byte[] buffer;
    private int start;
    private int end;
    private int consumedFrame = -1;

    public MllpFrameReader(Stream stream, int maxFrameBytes = MllpConstants.DefaultMaxFrameBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 1);
        this.stream = stream;
        this.maxFrameBytes = maxFrameBytes;
        buffer = new byte[Math.Min(8192, maxFrameBytes + 2)];
    }

    /// <summary>The next frame. The payload stays valid until the next call.</summary>
    public async ValueTask<MllpReadResult> ReadFrameAsync(CancellationToken cancellationToken)
    {
        if (consumedFrame >= 0)
        {
            start = consumedFrame;
            consumedFrame = -1;
        }

        var inFrame = false;
        var frameStart = 0;
        var scan = 0;
        while (true)
        {
            if (!inFrame)
            {
                while (start < end && buffer[start] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
                {
                    start++;
                }

                if (start < end)
                {
                    if (buffer[start] != MllpConstants.StartBlock)
                    {
                        return new MllpReadResult(MllpReadStatus.Junk, ReadOnlyMemory<byte>.Empty, $"Byte 0x{buffer[start]:X2} outside an MLLP frame.");
                    }

                    start++;
                    inFrame = true;
                    frameStart = start;
                    scan = start;
                }
            }

            if (inFrame)
            {
                var found = Array.IndexOf(buffer, MllpConstants.EndBlock, scan, end - scan);
                if (found >= 0 && found + 1 < end)
                {
                    if (buffer[found + 1] != MllpConstants.CarriageReturn)
                    {
                        return new MllpReadResult(MllpReadStatus.Junk, ReadOnlyMemory<byte>.Empty, "MLLP end block 0x1C not followed by 0x0D.");
                    }

                    consumedFrame = found + 2;
                    return new MllpReadResult(MllpReadStatus.Frame, buffer.AsMemory(frameStart, found - frameStart), null);
                }

                scan = found >= 0 ? found : end;
                if (scan - frameStart > maxFrameBytes)
                {
                    return new MllpReadResult(MllpReadStatus.Oversize, ReadOnlyMemory<byte>.Empty, $"MLLP frame larger than {maxFrameBytes} bytes.");
                }
            }

            // Keep only the unconsumed bytes, then read more.
            var keepFrom = inFrame ? frameStart - 1 : start;
            if (keepFrom > 0)
            {
                Buffer.BlockCopy(buffer, keepFrom, buffer, 0, end - keepFrom);
                end -= keepFrom;
                frameStart -= keepFrom;
                scan -= keepFrom;
                start -= keepFrom;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, (long)maxFrameBytes + 4));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return inFrame
                    ? new MllpReadResult(MllpReadStatus.Truncated, ReadOnlyMemory<byte>.Empty, "The stream ended inside an MLLP frame.")
                    : MllpReadResult.EndOfStream;
            }

            end += read;
        }
    }
}
