import OSSCore
import Testing

@Suite struct OSSCredentialsTests {
    @Test func descriptionRedactsSecretAndToken() {
        let credentials = OSSCredentials(accessKeyId: "LTAIid", accessKeySecret: "supersecret", securityToken: "tokentoken")
        for text in [credentials.description, String(reflecting: credentials), "\(credentials)"] {
            #expect(text.contains("LTAIid"))
            #expect(!text.contains("supersecret"))
            #expect(!text.contains("tokentoken"))
        }
    }
}
