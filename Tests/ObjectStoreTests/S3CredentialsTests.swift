import Foundation
import ObjectStore
import Testing

@Suite struct S3CredentialsTests {
    let complete = [
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_DEFAULT_REGION": "eu-central-1",
    ]

    @Test func readsTheStandardVariables() throws {
        let credentials = try S3Credentials(environment: complete)
        #expect(credentials.accessKeyID == "AKIAIOSFODNN7EXAMPLE")
        #expect(credentials.secretAccessKey == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        #expect(credentials.sessionToken == nil)
        #expect(credentials.region == "eu-central-1")
    }

    @Test func awsRegionOverridesTheDefaultRegionAndTheTokenIsRead() throws {
        var environment = complete
        environment["AWS_REGION"] = "us-east-1"
        environment["AWS_SESSION_TOKEN"] = "IQoJb3JpZ2luX2Vj/token+=="
        let credentials = try S3Credentials(environment: environment)
        #expect(credentials.region == "us-east-1")
        #expect(credentials.sessionToken == "IQoJb3JpZ2luX2Vj/token+==")
    }

    @Test func anEmptyTokenIsNoToken() throws {
        var environment = complete
        environment["AWS_SESSION_TOKEN"] = ""
        #expect(try S3Credentials(environment: environment).sessionToken == nil)
    }

    @Test func namesEveryMissingVariable() {
        let error = #expect(throws: ObjectStoreError.self) { try S3Credentials(environment: [:]) }
        #expect(error?.code == .missingEnvironment)
        #expect(
            error?.message
                == "the object store credentials are incomplete: set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION (or AWS_DEFAULT_REGION)"
        )
        var environment = complete
        environment["AWS_SECRET_ACCESS_KEY"] = ""
        environment["AWS_DEFAULT_REGION"] = nil
        let partial = #expect(throws: ObjectStoreError.self) { try S3Credentials(environment: environment) }
        #expect(
            partial?.message == "the object store credentials are incomplete: set AWS_SECRET_ACCESS_KEY, AWS_REGION (or AWS_DEFAULT_REGION)")
    }

    @Test(arguments: [
        ("AWS_ACCESS_KEY_ID", "AKIA/EXAMPLE", ObjectStoreError.Code.badCredentials),
        ("AWS_ACCESS_KEY_ID", "AKIA EXAMPLE", .badCredentials),
        ("AWS_SECRET_ACCESS_KEY", "secret\u{E9}", .badCredentials),
        ("AWS_SECRET_ACCESS_KEY", String(repeating: "s", count: 257), .badCredentials),
        ("AWS_SESSION_TOKEN", "token\n", .badCredentials),
        ("AWS_DEFAULT_REGION", "Europe", .badRegion),
    ])
    func refusesMalformedValues(name: String, value: String, code: ObjectStoreError.Code) {
        var environment = complete
        environment[name] = value
        let error = #expect(throws: ObjectStoreError.self) { try S3Credentials(environment: environment) }
        #expect(error?.code == code)
        if name != "AWS_DEFAULT_REGION" {
            #expect(error?.message.contains(value) == false, "a message shows a secret")
        }
    }

    @Test func descriptionHidesTheSecrets() throws {
        var environment = complete
        environment["AWS_SESSION_TOKEN"] = "SECRET-TOKEN"
        let text = String(describing: try S3Credentials(environment: environment))
        #expect(!text.contains("EXAMPLEKEY"))
        #expect(!text.contains("SECRET-TOKEN"))
        #expect(text.contains("AKIAIOSFODNN7EXAMPLE"))
    }
}
