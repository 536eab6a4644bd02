// Activation: opening a workflow file activates the Stepline extension (lazy activation on the
// language), and the file gets the Stepline language rather than plain YAML.
'use strict';

const assert = require('node:assert/strict');
const { EXTENSION_ID, extensionUnderTest, openInEditor, waitForValue } = require('./helpers.cjs');

suite('activation', () => {
  test(`opening a workflow activates ${EXTENSION_ID}`, async () => {
    const extension = extensionUnderTest();
    const { document } = await openInEditor('onboard-customers.flow.yaml');
    await waitForValue(() => (extension.isActive ? true : undefined), 30_000, `${EXTENSION_ID} to become active`);
    assert.equal(extension.isActive, true);
    assert.match(document.languageId, /^stepline/, `a *.flow.yaml file should get a Stepline language, got ${document.languageId}`);
  });
});
