using System.Text;

namespace FhirChain.Provenance.Leaves;

/// <summary>A growable UTF-8 output buffer with RFC 8785 string escaping.</summary>
internal struct CanonicalWriter(int initialCapacity)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private byte[] _buffer = new byte[Math.Max(initialCapacity, 256)];
    private int _length;

    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Writes a quoted string escaped as RFC 8785 section 3.2.2.2 says.</summary>
    public void WriteEscapedString(string value)
    {
        WriteByte((byte)'"');
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            WriteUtf8(value.AsSpan(runStart, i - runStart));
            runStart = i + 1;
            switch (c)
            {
                case '"': Write("\\\""u8); break;
                case '\\': Write("\\\\"u8); break;
                case '\b': Write("\\b"u8); break;
                case '\t': Write("\\t"u8); break;
                case '\n': Write("\\n"u8); break;
                case '\f': Write("\\f"u8); break;
                case '\r': Write("\\r"u8); break;
                default:
                    Write("\\u00"u8);
                    WriteByte(HexDigit(c >> 4));
                    WriteByte(HexDigit(c & 0xF));
                    break;
            }
        }

        WriteUtf8(value.AsSpan(runStart));
        WriteByte((byte)'"');
    }

    public readonly byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    private void WriteUtf8(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        int count;
        try
        {
            count = StrictUtf8.GetByteCount(chars);
        }
        catch (EncoderFallbackException ex)
        {
            throw new FormatException("Invalid JSON string: a lone surrogate cannot be canonicalized.", ex);
        }

        if (_length + count > _buffer.Length)
        {
            Grow(count);
        }

        _length += StrictUtf8.GetBytes(chars, _buffer.AsSpan(_length));
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_buffer.Length * 2, _length + needed);
        Array.Resize(ref _buffer, size);
    }
}
