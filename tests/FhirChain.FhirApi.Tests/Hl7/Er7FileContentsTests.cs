using FhirChain.FhirApi.Hl7v2;
using static FhirChain.FhirApi.Tests.Hl7v2.Hl7TestMessages;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary>How import-hl7 cuts a file into messages.</summary>
public sealed class Er7FileContentsTests
{
    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("\n\n\n")]
    public void Messages_one_after_another_are_split_at_each_msh(string separator)
    {
        var a01 = Load("adt-a01.hl7", "1", "ONE");
        var oru = Load("oru-r01.hl7", "2", "TWO");

        var contents = Er7FileContents.Split("\uFEFF" + a01 + separator + oru + separator);

        contents.Messages.Count.ShouldBe(2);
        Field(contents.Messages[0], "MSH", 10).ShouldBe("ONE");
        Field(contents.Messages[1], "MSH", 10).ShouldBe("TWO");
        contents.Messages[0].ShouldNotContain("ORU");
        contents.BatchErrors.ShouldBeEmpty();
    }

    [Fact]
    public void Batch_file_gives_its_messages()
    {
        var text = "FHS|^~\\&|ADMIT|GENHOSP\rBHS|^~\\&|ADMIT|GENHOSP\r"
            + Load("adt-a01.hl7", "1", "ONE") + Load("adt-a08.hl7", "1", "TWO")
            + "BTS|2\rFTS|1\r";

        var contents = Er7FileContents.Split(text);

        contents.Messages.Select(m => Field(m, "MSH", 10)).ShouldBe(["ONE", "TWO"]);
        contents.BatchErrors.ShouldBeEmpty();
    }

    [Fact]
    public void Text_before_the_first_msh_is_kept_so_it_is_rejected_not_dropped()
    {
        var contents = Er7FileContents.Split("garbage line\r" + Load("adt-a01.hl7", "1", "ONE"));

        contents.Messages.Count.ShouldBe(2);
        contents.Messages[0].ShouldStartWith("garbage");
    }
}
