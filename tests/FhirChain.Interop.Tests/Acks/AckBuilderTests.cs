using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;

namespace FhirChain.Interop.Tests.Acks;

public sealed class AckBuilderTests
{
    private static readonly Hl7Message Incoming =
        ((Er7Parsed)Er7Parser.Parse("MSH|^~\\&|SAPP|SFAC|RAPP|RFAC|20250101||ADT^A01^ADT_A01|MSG42|P|2.5.1\rPID|1||1")).Message;

    private static Hl7Message ParseAck(string ack) => ((Er7Parsed)Er7Parser.Parse(ack)).Message;

    [Theory]
    [InlineData(AckCode.AA)]
    [InlineData(AckCode.AE)]
    [InlineData(AckCode.AR)]
    public void Ack_swaps_sender_and_receiver_and_echoes_the_control_id(AckCode code)
    {
        var ack = ParseAck(AckBuilder.Build(Incoming, code, []));

        ack.Header.Value(3).ShouldBe("RAPP");
        ack.Header.Value(5).ShouldBe("SAPP");
        ack.Header.Field(9).Raw.ShouldBe("ACK^A01^ACK");
        ack.ControlId.ShouldNotBe("MSG42");
        ack.Version.ShouldBe("2.5.1");
        var msa = ack.Segment("MSA")!;
        msa.Value(1).ShouldBe(code.ToString());
        msa.Value(2).ShouldBe("MSG42");
    }

    [Fact]
    public void Each_error_becomes_an_err_segment_with_location_code_severity_and_text()
    {
        var ack = ParseAck(AckBuilder.Build(Incoming, AckCode.AE,
        [
            new AckError(Hl7ErrorCode.RequiredFieldMissing, "PID-3 missing | really", "PID", 2, 3),
            new AckError(Hl7ErrorCode.DataTypeError, "odd", "OBX", 5, 5, AckSeverity.Warning),
        ]));

        var errs = ack.SegmentsOf("ERR").ToList();
        errs.Count.ShouldBe(2);
        errs[0].Field(2).Raw.ShouldBe("PID^2^3");
        errs[0].Value(3, 1).ShouldBe("101");
        errs[0].Value(3, 3).ShouldBe("HL70357");
        errs[0].Value(4).ShouldBe("E");
        errs[0].Value(8).ShouldBe("PID-3 missing | really");
        errs[1].Value(4).ShouldBe("W");
    }

    [Fact]
    public void Unparseable_input_gets_an_ar_with_salvaged_header_fields()
    {
        const string text = "MSH|^~\\&|SAPP|SFAC|RAPP|RFAC|20250101||ADT^A01|MSG7|P|9.9\rPID|1";
        var error = Er7Parser.Parse(text).ShouldBeOfType<Er7ParseError>();

        var ack = ParseAck(AckBuilder.Build(text, error).Replace("|9.9", "|2.5", StringComparison.Ordinal));

        ack.Segment("MSA")!.Value(1).ShouldBe("AR");
        ack.Segment("MSA")!.Value(2).ShouldBe("MSG7");
        ack.Header.Value(3).ShouldBe("RAPP");
        ack.Segment("ERR")!.Value(3).ShouldBe("203");
    }

    [Fact]
    public void Garbage_input_gets_an_ar_with_an_empty_msa_2()
    {
        var error = Er7Parser.Parse("\u0001garbage").ShouldBeOfType<Er7ParseError>();

        var ack = ParseAck(AckBuilder.Build("\u0001garbage", error));

        ack.Segment("MSA")!.Value(1).ShouldBe("AR");
        ack.Segment("MSA")!.Value(2).ShouldBe(string.Empty);
    }
}
