/** @type {import('jest').Config} */
module.exports = require('../../tools/jest-package-config')(__dirname, 'thc');
