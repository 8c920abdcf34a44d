using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirChain.FhirApi.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddExportJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "export_jobs",
                columns: table => new
                {
                    id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    level = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    group_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    types = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    since_ms = table.Column<long>(type: "bigint", nullable: true),
                    type_filters = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    deidentify = table.Column<bool>(type: "bit", nullable: false),
                    deidentify_key = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: true),
                    request_url = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    base_url = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: false),
                    caller_json = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    transaction_time_ms = table.Column<long>(type: "bigint", nullable: false),
                    updated_ms = table.Column<long>(type: "bigint", nullable: false),
                    progress = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    manifest_json = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    error = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_jobs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_export_jobs_status",
                table: "export_jobs",
                columns: new[] { "status", "transaction_time_ms" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "export_jobs");
        }
    }
}
