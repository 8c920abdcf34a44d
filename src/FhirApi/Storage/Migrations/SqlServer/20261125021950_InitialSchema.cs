using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirChain.FhirApi.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "hl7_messages",
                columns: table => new
                {
                    sender = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    control_id = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ack = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    received_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_hl7_messages", x => new { x.sender, x.control_id });
                });

            migrationBuilder.CreateTable(
                name: "log_checkpoints",
                columns: table => new
                {
                    tree_size = table.Column<long>(type: "bigint", nullable: false),
                    root_hash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false),
                    signed_note = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    created_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_checkpoints", x => x.tree_size);
                });

            migrationBuilder.CreateTable(
                name: "log_head",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    root_hash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_head", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "log_leaves",
                columns: table => new
                {
                    leaf_index = table.Column<long>(type: "bigint", nullable: false),
                    leaf_hash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false),
                    resource_type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    version_id = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_leaves", x => x.leaf_index);
                });

            migrationBuilder.CreateTable(
                name: "log_nodes",
                columns: table => new
                {
                    node_key = table.Column<long>(type: "bigint", nullable: false),
                    hash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_nodes", x => x.node_key);
                });

            migrationBuilder.CreateTable(
                name: "resource_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    resource_type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    version_id = table.Column<int>(type: "int", nullable: false),
                    last_updated_ms = table.Column<long>(type: "bigint", nullable: false),
                    last_updated = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    operation = table.Column<byte>(type: "tinyint", nullable: false),
                    json = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    salt = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: true),
                    previous_leaf_hash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: true),
                    leaf_index = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resource_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "resources",
                columns: table => new
                {
                    resource_type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    version_id = table.Column<int>(type: "int", nullable: false),
                    is_deleted = table.Column<bool>(type: "bit", nullable: false),
                    last_updated_ms = table.Column<long>(type: "bigint", nullable: false),
                    current_row_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resources", x => new { x.resource_type, x.resource_id });
                });

            migrationBuilder.CreateTable(
                name: "search_date",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    start_ms = table.Column<long>(type: "bigint", nullable: false),
                    end_ms = table.Column<long>(type: "bigint", nullable: false),
                    resource_type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    param = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_date", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "search_quantity",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    system = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: true),
                    code = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    value = table.Column<double>(type: "float", nullable: false),
                    low = table.Column<double>(type: "float", nullable: false),
                    high = table.Column<double>(type: "float", nullable: false),
                    resource_type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    param = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_quantity", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "search_reference",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    target_type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    target_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    url = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: true),
                    resource_type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    param = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_reference", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "search_string",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    normalized = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: false),
                    exact = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: false),
                    resource_type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    param = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_string", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "search_token",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    system = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: true),
                    code = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: true),
                    text = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: true),
                    resource_type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    param = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_token", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "search_uri",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    value = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: false),
                    resource_type = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    param = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_uri", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ux_log_leaves_version",
                table: "log_leaves",
                columns: new[] { "resource_type", "resource_id", "version_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_resource_versions_type_updated",
                table: "resource_versions",
                columns: new[] { "resource_type", "last_updated_ms" });

            migrationBuilder.CreateIndex(
                name: "ix_resource_versions_updated",
                table: "resource_versions",
                column: "last_updated_ms");

            migrationBuilder.CreateIndex(
                name: "ux_resource_versions_leaf",
                table: "resource_versions",
                column: "leaf_index",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_resource_versions_version",
                table: "resource_versions",
                columns: new[] { "resource_type", "resource_id", "version_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_resources_type_updated",
                table: "resources",
                columns: new[] { "resource_type", "is_deleted", "last_updated_ms" });

            migrationBuilder.CreateIndex(
                name: "ix_search_date_resource",
                table: "search_date",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_date_value",
                table: "search_date",
                columns: new[] { "resource_type", "param", "start_ms", "end_ms" });

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_resource",
                table: "search_quantity",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_value",
                table: "search_quantity",
                columns: new[] { "resource_type", "param", "value" });

            migrationBuilder.CreateIndex(
                name: "ix_search_reference_resource",
                table: "search_reference",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_reference_reverse",
                table: "search_reference",
                columns: new[] { "target_type", "target_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_reference_target",
                table: "search_reference",
                columns: new[] { "resource_type", "param", "target_id", "target_type" });

            migrationBuilder.CreateIndex(
                name: "ix_search_string_resource",
                table: "search_string",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_string_value",
                table: "search_string",
                columns: new[] { "resource_type", "param", "normalized" });

            migrationBuilder.CreateIndex(
                name: "ix_search_token_resource",
                table: "search_token",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_token_value",
                table: "search_token",
                columns: new[] { "resource_type", "param", "code", "system" });

            migrationBuilder.CreateIndex(
                name: "ix_search_uri_resource",
                table: "search_uri",
                columns: new[] { "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_uri_value",
                table: "search_uri",
                columns: new[] { "resource_type", "param", "value" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "hl7_messages");

            migrationBuilder.DropTable(
                name: "log_checkpoints");

            migrationBuilder.DropTable(
                name: "log_head");

            migrationBuilder.DropTable(
                name: "log_leaves");

            migrationBuilder.DropTable(
                name: "log_nodes");

            migrationBuilder.DropTable(
                name: "resource_versions");

            migrationBuilder.DropTable(
                name: "resources");

            migrationBuilder.DropTable(
                name: "search_date");

            migrationBuilder.DropTable(
                name: "search_quantity");

            migrationBuilder.DropTable(
                name: "search_reference");

            migrationBuilder.DropTable(
                name: "search_string");

            migrationBuilder.DropTable(
                name: "search_token");

            migrationBuilder.DropTable(
                name: "search_uri");
        }
    }
}
