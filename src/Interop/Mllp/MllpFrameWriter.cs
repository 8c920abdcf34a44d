using System.Text;

namespace FhirChain.Interop.Mllp;

/// <summary>Writes MLLP frames: 0x0B, the payload, 0x1C 0x0D, in one write.</summary>
public sealed class MllpFrameWriter(Stream stream)
{
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[payload.Length + 3];
        frame[0] = MllpConstants.StartBlock;
        payload.CopyTo(frame.AsSpan(1));
        frame[^2] = MllpConstants.EndBlock;
        frame[^1] = MllpConstants.CarriageReturn;
        return frame;
    }

    public static byte[] Frame(string message, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return Frame(encoding.GetBytes(message));
    }

    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Frame(payload.Span), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask WriteFrameAsync(string message, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return WriteFrameAsync(encoding.GetBytes(message), cancellationToken);
    }
}
